using System.Globalization;

namespace Workbench.Fcn.Training;

/// <summary>
/// A run that stopped early because its training loss became NaN or infinite (a learning rate too
/// high, a broken sample): the iteration, the loss, and the last checkpoint written before it.
/// </summary>
public sealed record TrainingStop(long Iteration, double Loss, string? LastCheckpoint, bool WeightsFinite)
{
    public string Message =>
        string.Create(CultureInfo.InvariantCulture, $"the training loss became {Loss} at iteration {Iteration}; the run stopped there without a step") +
        (WeightsFinite ? $" (the weights are those after iteration {Iteration - 1})" : " (the weights are no longer finite)") +
        (LastCheckpoint is null ? "; no checkpoint was written before it" : $"; the last good checkpoint is {LastCheckpoint}") +
        "; try a lower learning rate";
}
