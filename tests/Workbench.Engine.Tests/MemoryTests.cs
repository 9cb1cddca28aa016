using System.Diagnostics;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Engine.Tests;

public class MemoryTests
{
    static long Live => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    [Fact]
    public void TrainingInsideDisposeScopesKeepsResidentMemoryFlat()
    {
        manual_seed(0);
        using var net = nn.Sequential(
            ("conv1", nn.Conv2d(3, 8, 3, padding: 1)), ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(8, 8, 3, padding: 1)), ("relu2", nn.ReLU()),
            ("score", nn.Conv2d(8, 3, 1)));
        using var sgd = Sgd.Create(net.parameters(), new SgdOptions(0.01, Momentum: 0.9));
        long atStep100 = 0, liveAtStep100 = 0, maxGrowth = 0;
        for (int step = 1; step <= 1000; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var x = randn(2, 3, 24, 24);
                var y = randint(0, 3, new long[] { 2, 24, 24 });
                var loss = F.cross_entropy(net.forward(x), y);
                sgd.zero_grad(set_to_none: true);
                loss.backward();
                sgd.step();
            }
            if (step == 100)
            {
                atStep100 = Resident();
                liveAtStep100 = Live;
            }
            if (step > 100) maxGrowth = Math.Max(maxGrowth, Live - liveAtStep100);
        }
        long growth = Resident() - atStep100;
        Assert.True(growth < 50L << 20, $"resident memory grew by {growth >> 20} MB between step 100 and step 1000");
        // Each scope freed every tensor of its iteration on the spot, without waiting for the GC.
        Assert.Equal(0, maxGrowth);
    }

    [Fact]
    public void ATensorMadeInAScopeDiesWithItUnlessMovedOut()
    {
        Tensor kept, dropped;
        using (var scope = NewDisposeScope())
        {
            dropped = ones(2);
            kept = ones(2).MoveToOuterDisposeScope();
        }
        Assert.True(dropped.IsInvalid);
        Assert.False(kept.IsInvalid);
        using (var sum = kept.sum()) Assert.Equal(2f, sum.item<float>());
        kept.Dispose();
    }

    [Fact]
    public void AParameterMadeInAScopeDiesWithIt()
    {
        // Why models are built outside dispose scopes (a layer's weights are parameters).
        TorchSharp.Modules.Parameter p;
        using (var scope = NewDisposeScope()) p = nn.Parameter(ones(2));
        Assert.True(p.IsInvalid);
    }

    static long Resident()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }
}
