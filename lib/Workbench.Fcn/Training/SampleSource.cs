using TorchSharp;
using Workbench.Engine;

namespace Workbench.Fcn.Training;

/// <summary>
/// Where the trainer and the evaluator take their images from: a count and, for an index, the
/// preprocessed image [C, H, W] (float32) and its labels [H, W] (0..n−1, 255 void). Both tensors
/// are the caller's to dispose (the trainer opens a dispose scope around each call).
/// </summary>
public sealed record SampleSource(int Count, Func<int, (torch.Tensor Image, torch.Tensor Label)> Get)
{
    public (torch.Tensor Image, torch.Tensor Label) this[int index] =>
        (uint) index < (uint) Count ? Get(index) : throw new ArgumentOutOfRangeException(nameof(index), index, $"the source holds {Count} samples");
}
