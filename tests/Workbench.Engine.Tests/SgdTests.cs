using TorchSharp;
using TorchSharp.Modules;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

// TorchSharp's SGD as the workbench builds it (Sgd.Create): PyTorch's update rule, every group's
// own options, gradients cleared to none, and a state that resumes a run exactly.
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
        using var p = nn.Parameter(tensor(start.ToArray()));
        using var sgd = Sgd.Create(new[] { p }, new SgdOptions(0.01, mu, damp, wd, nesterov));
        var ct = tensor(c);
        for (int s = 0; s < 5; s++)
        {
            using var step = NewDisposeScope();
            sgd.zero_grad(set_to_none: true);
            (ct * p * p).sum().backward();
            sgd.step();
        }
        var expected = ByHand(start.ToArray(), q => q.Select((v, i) => 2 * c[i] * v).ToArray(), 5, 0.01, mu, wd, damp, nesterov);
        var actual = p.ToArray<double>();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void EveryGroupKeepsItsOwnLearningRate()
    {
        using var scope = NewDisposeScope();
        using var w = nn.Parameter(ones(2));
        using var b = nn.Parameter(ones(2));
        using var frozen = nn.Parameter(ones(2));
        // The first group's lr is not the optimizer's default for the others (TorchSharp's ParamGroup without
        // options would take lr 0.001).
        using var sgd = Sgd.Create(new (IEnumerable<Parameter>, SgdOptions)[]
        {
            (new[] { w }, new SgdOptions(0.1)), (new[] { b }, new SgdOptions(0.2)), (new[] { frozen }, new SgdOptions(0)),
        });
        (w.sum() + b.sum() + frozen.sum()).backward();
        sgd.step();
        Assert.Equal(new float[] { 0.9f, 0.9f }, w.ToArray<float>());
        Assert.Equal(new float[] { 0.8f, 0.8f }, b.ToArray<float>());
        Assert.Equal(new float[] { 1, 1 }, frozen.ToArray<float>());
        sgd.Groups()[0].LearningRate = 0.5;
        Assert.Equal(0.5, sgd.Groups()[0].LearningRate);
    }

    [Fact]
    public void ClearedGradientsLeaveUnusedParametersAlone()
    {
        using var scope = NewDisposeScope();
        using var used = nn.Parameter(ones(2));
        using var unused = nn.Parameter(ones(2));
        using var sgd = Sgd.Create(new[] { used, unused }, new SgdOptions(0.1, Momentum: 0.9, WeightDecay: 0.5));
        (used.sum() + unused.sum()).backward();
        sgd.step();
        var afterFirst = unused.ToArray<float>();
        sgd.zero_grad(set_to_none: true);
        Assert.Null(unused.grad);
        used.sum().backward();   // this step, unused gets no gradient
        sgd.step();
        // PyTorch skips a parameter without a gradient: no decay, no momentum. Zeroed (not cleared)
        // gradients would have moved it by momentum and decay.
        Assert.Equal(afterFirst, unused.ToArray<float>());
    }

    [Fact]
    public void CapturedStateIsACopyThatResumesExactly()
    {
        using var scope = NewDisposeScope();
        double[] Run(bool resume)
        {
            using var p = nn.Parameter(tensor(new double[] { 1, 2 }));
            using var q = nn.Parameter(tensor(new double[] { -1 }));
            (IEnumerable<Parameter>, SgdOptions)[] Groups(Parameter a, Parameter b) =>
                new (IEnumerable<Parameter>, SgdOptions)[] { (new[] { a }, new SgdOptions(0.1, 0.9, WeightDecay: 1e-3)), (new[] { b }, new SgdOptions(0.2, 0.9)) };
            using var sgd = Sgd.Create(Groups(p, q));
            SgdState? saved = null;
            double[]? savedP = null, savedQ = null;
            for (int s = 0; s < 6; s++)
            {
                if (s == 3)
                {
                    saved = SgdState.Capture(sgd);
                    (savedP, savedQ) = (p.ToArray<double>(), q.ToArray<double>());
                }
                sgd.zero_grad(set_to_none: true);
                // q gets a gradient only from step 2 on: its momentum buffer is null before.
                ((p * p).sum() + (s >= 2 ? (q * q * q).sum() : q.sum() * 0)).backward();
                if (s < 2) q.grad = null;
                sgd.step();
            }
            if (!resume) return p.ToArray<double>().Concat(q.ToArray<double>()).ToArray();
            using (saved!)
            {
                // Later steps did not change the captured buffers.
                Assert.NotNull(saved!.MomentumBuffers[0]);
                using var p2 = nn.Parameter(tensor(savedP!));
                using var q2 = nn.Parameter(tensor(savedQ!));
                using var resumed = Sgd.Create(Groups(p2, q2));
                saved.Restore(resumed);
                for (int s = 3; s < 6; s++)
                {
                    resumed.zero_grad(set_to_none: true);
                    ((p2 * p2).sum() + (q2 * q2 * q2).sum()).backward();
                    resumed.step();
                }
                return p2.ToArray<double>().Concat(q2.ToArray<double>()).ToArray();
            }
        }
        Assert.Equal(Run(resume: false), Run(resume: true));
    }

    [Fact]
    public void RestoreRefusesAStateOfAnotherShape()
    {
        using var scope = NewDisposeScope();
        using var p = nn.Parameter(ones(2));
        using var sgd = Sgd.Create(new[] { p }, new SgdOptions(0.1, 0.9));
        p.sum().backward();
        sgd.step();
        using var state = SgdState.Capture(sgd);
        using var other = nn.Parameter(ones(3));
        using var wrong = Sgd.Create(new[] { other }, new SgdOptions(0.1, 0.9));
        var e = Assert.Throws<ArgumentException>(() => state.Restore(wrong));
        Assert.Contains("momentum buffer 0 has shape [2], parameter [3]", e.Message);
    }

    [Theory]
    [InlineData(double.NaN, 0.9)]
    [InlineData(-1e-3, 0.9)]
    [InlineData(1e-3, double.PositiveInfinity)]
    public void AbsurdOptionsAreRefused(double lr, double momentum)
    {
        using var p = nn.Parameter(ones(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgd.Create(new[] { p }, new SgdOptions(lr, momentum)));
    }
}
