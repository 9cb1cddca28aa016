using TorchSharp;
using Workbench.Engine;

namespace Workbench.Fcn.Training;

/// <summary>
/// Everything a run needs to continue exactly where it stopped — the model's name, width, classes
/// and state, the optimizer's momentum buffers and group options, the iteration reached and the CPU
/// random generator's state (dropout and loss sampling draw from it) — and enough to evaluate or
/// predict with the model without being told what it is.
/// </summary>
public sealed record Checkpoint(
    long Iteration,
    string ModelName,
    double Width,
    long Classes,
    IReadOnlyDictionary<string, torch.Tensor> Model,
    SgdState Optimizer,
    torch.Tensor RngState,
    IReadOnlyDictionary<string, string> Metadata) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in Model.Values) t.Dispose();
        Optimizer.Dispose();
        RngState.Dispose();
    }
}
