using TorchSharp;
using Workbench.Weights;

namespace Workbench.Fuzz.Tests;

/// <summary>A weights format read as `workbench inspect weights` reads it, and as a checkpoint is read.</summary>
internal abstract class WeightsFuzzFormat : FuzzFormat
{
    public override void Read(string path)
    {
        using (var file = WeightsFile.Read(path)) _ = WeightsSummary.Text(file);
    }

    public override bool IsClear(Exception e, string path) => e is WeightsFormatException && e.Message.StartsWith(path + ":", StringComparison.Ordinal);

    protected static void ReadObjectTree(string path)
    {
        var root = PthZip.ReadObject(path);
        if (root is PthDict d) foreach (var t in d.Tensors()) t.Dispose();
        else if (root is torch.Tensor t) t.Dispose();
    }
}
