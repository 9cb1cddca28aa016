using TorchSharp;
using Workbench.Engine;
using Workbench.Vision.Datasets;

namespace Workbench.Vision.Loading;

/// <summary>
/// A batch as the network and the loss take it: each input [N, C, H, W] float32 and each label
/// map [N, H, W] int64 (255 = void), plus the samples themselves (ids, raw images). Disposing the
/// batch frees its tensors; tensors made inside a <c>torch.NewDisposeScope()</c> also belong to it.
/// </summary>
public sealed class SegmentationBatch : IDisposable
{
    internal SegmentationBatch(int epoch, int index, IReadOnlyList<SegmentationSample> samples,
                               IReadOnlyDictionary<string, torch.Tensor> inputs, IReadOnlyDictionary<string, torch.Tensor> labels)
    {
        Epoch = epoch;
        Index = index;
        Samples = samples;
        Inputs = inputs;
        Labels = labels;
    }

    public int Epoch { get; }

    /// <summary>Position of this batch within its epoch.</summary>
    public int Index { get; }

    public IReadOnlyList<SegmentationSample> Samples { get; }
    public IEnumerable<string> Ids => Samples.Select(s => s.Id);
    public int Count => Samples.Count;

    public IReadOnlyDictionary<string, torch.Tensor> Inputs { get; }
    public IReadOnlyDictionary<string, torch.Tensor> Labels { get; }

    /// <summary>The colour input (or the only one).</summary>
    public torch.Tensor Image => Inputs.TryGetValue(InputKind.Color, out var c) ? c : Inputs.Values.First();

    /// <summary>The semantic labels (or the first labelling).</summary>
    public torch.Tensor Label => Labels.TryGetValue(LabelTask.Semantic, out var l) ? l : Labels.Values.First();

    public void Dispose()
    {
        foreach (var t in Inputs.Values) t.Dispose();
        foreach (var t in Labels.Values) t.Dispose();
    }
}
