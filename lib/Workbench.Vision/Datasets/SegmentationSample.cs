using Workbench.Vision.Imaging;
using TorchSharp;
using Workbench.Engine;

namespace Workbench.Vision.Datasets;

/// <summary>
/// One item of a segmentation dataset: the preprocessed inputs (<see cref="InputKind"/>), the
/// label maps of each task (<see cref="LabelTask"/>), and the raw RGB image for display.
/// Everything is managed memory; the tensor methods make new tensors (the caller disposes them,
/// or an enclosing <c>torch.NewDisposeScope()</c> does).
/// </summary>
public sealed class SegmentationSample
{
    public SegmentationSample(string id, Image raw, IReadOnlyDictionary<string, Planes> inputs,
                              IReadOnlyDictionary<string, LabelMap> labels)
    {
        if (inputs.Count == 0) throw new ArgumentException($"sample {id}: at least one input is needed");
        foreach (var (name, p) in inputs)
            if (p.Height != raw.Height || p.Width != raw.Width)
                throw new ArgumentException($"sample {id}: input '{name}' is {p.Height}×{p.Width}, the image {raw.Height}×{raw.Width}");
        foreach (var (name, l) in labels)
            if (l.Height != raw.Height || l.Width != raw.Width)
                throw new ArgumentException($"sample {id}: label '{name}' is {l.Height}×{l.Width}, the image {raw.Height}×{raw.Width}");
        Id = id;
        Raw = raw;
        Inputs = inputs;
        Labels = labels;
    }

    public string Id { get; }
    public int Height => Raw.Height;
    public int Width => Raw.Width;

    /// <summary>HWC RGB bytes, as decoded (for figures and overlays).</summary>
    public Image Raw { get; }

    /// <summary>Preprocessed inputs by <see cref="InputKind"/> name, each [C, H, W].</summary>
    public IReadOnlyDictionary<string, Planes> Inputs { get; }

    /// <summary>Label maps by task name (<see cref="LabelTask.Semantic"/>, <see cref="LabelTask.Geometric"/>).</summary>
    public IReadOnlyDictionary<string, LabelMap> Labels { get; }

    /// <summary>The colour input if there is one, else the first input.</summary>
    public Planes Image => Inputs.TryGetValue(InputKind.Color, out var c) ? c : Inputs.Values.First();

    public LabelMap Label => Labels.TryGetValue(LabelTask.Semantic, out var l) ? l : Labels.Values.First();

    /// <summary>float32 [C, H, W] of the colour input (or the only input).</summary>
    public torch.Tensor ImageTensor() => Image.ToTensor();

    public torch.Tensor InputTensor(string kind) =>
        Inputs.TryGetValue(kind, out var p) ? p.ToTensor()
            : throw new KeyNotFoundException($"sample {Id} has no input '{kind}' (has: {string.Join(", ", Inputs.Keys)})");

    /// <summary>int64 [H, W], 255 = void.</summary>
    public torch.Tensor LabelTensor(string task = LabelTask.Semantic) =>
        Labels.TryGetValue(task, out var l) ? l.ToTensor()
            : throw new KeyNotFoundException($"sample {Id} has no labels '{task}' (has: {string.Join(", ", Labels.Keys)})");
}
