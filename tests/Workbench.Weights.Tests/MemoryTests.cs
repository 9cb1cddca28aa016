using System.Diagnostics;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Weights.Tests;

public class MemoryTests
{
    [Fact]
    public void TrainingInsideDisposeScopesKeepsResidentMemoryFlat()
    {
        manual_seed(0);
        using var net = nn.Sequential(
            ("conv1", nn.Conv2d(3, 8, 3, padding: 1)), ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(8, 8, 3, padding: 1)), ("relu2", nn.ReLU()),
            ("score", nn.Conv2d(8, 3, 1)));
        var sgd = optim.SGD(net.parameters(), lr: 0.01, momentum: 0.9);
        long atStep100 = 0, handlesAtStep100 = 0;
        long maxHandleGrowth = 0;
        for (int step = 1; step <= 1000; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var x = randn(2, 3, 24, 24);
                var y = randint(0, 3, new long[] { 2, 24, 24 });
                var loss = F.cross_entropy(net.forward(x), y);
                sgd.zero_grad();
                loss.backward();
                sgd.step();
            }
            if (step == 100)
            {
                atStep100 = Resident();
                handlesAtStep100 = LiveTensorHandles;
            }
            if (step > 100) maxHandleGrowth = Math.Max(maxHandleGrowth, LiveTensorHandles - handlesAtStep100);
        }
        long growth = Resident() - atStep100;
        Assert.True(growth < 50L << 20, $"resident memory grew by {growth >> 20} MB between step 100 and step 1000");
        // Each scope freed every tensor of its iteration on the spot, without waiting for the GC.
        Assert.Equal(0, maxHandleGrowth);
    }

    [Fact]
    public void WithoutScopesHandlesLiveUntilDisposed()
    {
        long before = LiveTensorHandles;
        var made = Enumerable.Range(0, 10).Select(_ => ones(2)).ToList();
        Assert.Equal(before + 10, LiveTensorHandles);
        made.ForEach(t => t.Dispose());
        Assert.Equal(before, LiveTensorHandles);
    }

    static long Resident()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }
}
