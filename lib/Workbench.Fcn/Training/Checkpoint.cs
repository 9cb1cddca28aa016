using Workbench.Torch;
using Workbench.Torch.Modules;

namespace Workbench.Fcn.Training;

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the model's state, the
/// optimizer's momentum buffers and group options, the iteration reached and the CPU random
/// generator's state (dropout and loss sampling draw from it).
/// </summary>
public sealed record Checkpoint(
    long Iteration,
    IReadOnlyDictionary<string, torch.Tensor> Model,
    SGD.State Optimizer,
    torch.Tensor RngState,
    IReadOnlyDictionary<string, string> Metadata) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in Model.Values) t.Dispose();
        foreach (var t in Optimizer.MomentumBuffers.Values) t.Dispose();
        RngState.Dispose();
    }
}
