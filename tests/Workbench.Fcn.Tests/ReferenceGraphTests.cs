using TorchSharp;
using Workbench.Engine;
using Workbench.Fcn.Models;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>
/// The same weights give the same scores in our FCN-32s/16s/8s and in pytorch-fcn's graph run by
/// PyTorch (tests/fixtures/reference/pytorch_fcn.py, Debian's python3-torch): names, layer order,
/// padding, ceil pools, upsampling and crops all have to agree. pytorch-fcn's published weights
/// cannot be downloaded here; random weights at 1/16 width exercise every layer the same way.
/// </summary>
public class ReferenceGraphTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fcn-reference-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("fcn32s")]
    [InlineData("fcn16s")]
    [InlineData("fcn8s")]
    public void PyTorchRunningPytorchFcnsGraphGivesOurScores(string arch)
    {
        manual_seed(11);
        using var net = ModelZoo.Create(arch, 21, 1.0 / 16);
        // Score layers start at zero and the deconvolutions bilinear; random values make every
        // path count, including the skips.
        using (no_grad())
            foreach (var (name, p) in net.named_parameters())
                if (!name.StartsWith("upscore")) p.normal_(0, 0.1);
        net.eval();
        var weights = Path.Combine(dir, $"{arch}.pth");
        WeightsFile.Write(net.state_dict(), weights);
        using var x = randn(1, 3, 67, 83) * 50;
        var input = Path.Combine(dir, "input.pth");
        WeightsFile.Write(new Dictionary<string, Tensor> { ["input"] = x }, input);
        using var ours = net.forward(x);

        var output = Path.Combine(dir, "output.pth");
        var script = Path.Combine(Fixtures.Root, "reference", "pytorch_fcn.py");
        var (rc, text) = Python.Run(script, $"{arch} \"{weights}\" \"{input}\" \"{output}\"");
        Assert.True(rc == 0, $"PyTorch (Debian's python3-torch, installed by scripts/install-deps.sh test) failed:\n{text}");
        using var file = WeightsFile.Read(output);
        var theirs = file.Entries["scores"];
        Assert.Equal(ours.shape, theirs.shape);
        double scale = theirs.abs().max().item<float>();
        double diff = (ours - theirs).abs().max().item<float>();
        Assert.True(diff <= 1e-4 * Math.Max(1, scale), $"{arch}: scores differ by up to {diff} (scale {scale})");
        Assert.True(ours.argmax(1).Equals(theirs.argmax(1)), $"{arch}: the predicted classes differ");
    }
}
