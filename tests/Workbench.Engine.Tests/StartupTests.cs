using TorchSharp;
using Workbench.Engine;

namespace Workbench.Engine.Tests;

public class StartupTests
{
    [Fact]
    public void TorchSharpRunsOnLibTorch210FromOurOutput()
    {
        TorchEngine.Start();
        Assert.Equal("2.10.0", TorchEngine.LibTorchVersion);
        var path = TorchEngine.NativeLibraryPath;
        Assert.NotNull(path);
        Assert.StartsWith(Path.GetDirectoryName(typeof(TorchEngine).Assembly.Location)!, path);
        using var x = torch.ones(3);
        Assert.Equal(3f, x.sum().item<float>());
    }

    [Fact]
    public void LibTorchGetsOneThreadPerCoreUnlessOpenMpIsPinned()
    {
        TorchEngine.Start();
        var omp = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        int expected = int.TryParse(omp, out var n) && n > 0 ? n : Environment.ProcessorCount;
        Assert.Equal(expected, torch.get_num_threads());
    }
}
