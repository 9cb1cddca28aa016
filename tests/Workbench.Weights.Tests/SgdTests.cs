using static TorchSharp.torch;

namespace Workbench.Weights.Tests;

public class SgdTests
{
    // SGD's rule written out by hand: g = grad + wd·p; b = μ·b + (1−d)·g (b = g first); p −= lr·b.
    static double[] ByHand(double[] p, Func<double[], double[]> grad, int steps, double lr, double mu, double wd, double damp, bool nesterov)
    {
        var b = new double[p.Length];
        for (int s = 0; s < steps; s++)
        {
            var g = grad(p);
            for (int i = 0; i < p.Length; i++)
            {
                double d = g[i] + wd * p[i];
                b[i] = s == 0 ? d : mu * b[i] + (1 - damp) * d;
                double update = nesterov ? d + mu * b[i] : b[i];
                p[i] -= lr * update;
            }
        }
        return p;
    }

    [Theory]
    [InlineData(0.9, 5e-4, 0.0, false)]
    [InlineData(0.99, 0.0, 0.1, false)]
    [InlineData(0.9, 1e-2, 0.0, true)]
    public void MomentumAndWeightDecayFollowTheUpdateRule(double mu, double wd, double damp, bool nesterov)
    {
        using var scope = NewDisposeScope();
        var start = new double[] { 1.0, -2.0, 0.5 };
        var c = new double[] { 3, 1, -1 };
        // loss = Σ c·p², gradient 2·c·p
        var p = nn.Parameter(tensor(start.ToArray()));
        var sgd = optim.SGD(new[] { p }, lr: 0.01, momentum: mu, dampening: damp, weight_decay: wd, nesterov: nesterov);
        var ct = tensor(c);
        for (int s = 0; s < 5; s++)
        {
            using var step = NewDisposeScope();
            sgd.zero_grad();
            (ct * p * p).sum().backward();
            sgd.step();
        }
        var expected = ByHand(start.ToArray(), q => q.Select((v, i) => 2 * c[i] * v).ToArray(), 5, 0.01, mu, wd, damp, nesterov);
        var actual = p.ToArray<double>();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 12);
        p.Dispose();
    }

    [Fact]
    public void ParameterGroupsHaveTheirOwnLearningRates()
    {
        using var scope = NewDisposeScope();
        var w = nn.Parameter(ones(2));
        var b = nn.Parameter(ones(2));
        var frozen = nn.Parameter(ones(2));
        var sgd = optim.SGD(new[]
        {
            new Modules.SGD.ParamGroup(new[] { w }),
            new Modules.SGD.ParamGroup(new[] { b }, new Modules.SGD.Options(0.2)),
            new Modules.SGD.ParamGroup(new[] { frozen }, new Modules.SGD.Options(0)),
        }, lr: 0.1);
        (w.sum() + b.sum() + frozen.sum()).backward();
        sgd.step();
        Assert.Equal(new float[] { 0.9f, 0.9f }, w.ToArray<float>());
        Assert.Equal(new float[] { 0.8f, 0.8f }, b.ToArray<float>());
        Assert.Equal(new float[] { 1, 1 }, frozen.ToArray<float>());
        sgd.ParamGroups[0].LearningRate = 0.5;
        Assert.Equal(0.5, sgd.ParamGroups[0].LearningRate);
    }

    [Fact]
    public void SavedStateResumesExactly()
    {
        using var scope = NewDisposeScope();
        double[] Run(int steps, int saveAt, bool restore)
        {
            var p = nn.Parameter(tensor(new double[] { 1, 2 }));
            var sgd = optim.SGD(new[] { p }, lr: 0.1, momentum: 0.9);
            Modules.SGD.State? saved = null;
            double[]? savedP = null;
            for (int s = 0; s < steps; s++)
            {
                if (s == saveAt)
                {
                    saved = sgd.state_dict();
                    savedP = p.ToArray<double>();
                }
                sgd.zero_grad();
                (p * p).sum().backward();
                sgd.step();
            }
            if (!restore) return p.ToArray<double>();
            // A fresh optimizer restored from the saved state replays the remaining steps.
            var q = nn.Parameter(tensor(savedP!));
            var resumed = optim.SGD(new[] { q }, lr: 0.1, momentum: 0.9);
            resumed.load_state_dict(saved!);
            for (int s = saveAt; s < steps; s++)
            {
                resumed.zero_grad();
                (q * q).sum().backward();
                resumed.step();
            }
            return q.ToArray<double>();
        }
        Assert.Equal(Run(6, 3, false), Run(6, 3, true));
    }
}
