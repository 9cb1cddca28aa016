using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// The samples of a source in order, each read on a worker thread while the caller works on the one
/// before (one ahead: a full-size image and its labels are a few MB). <see cref="Next"/> hands out
/// tensors in the caller's dispose scope; a source's own kept tensors (a <see cref="SampleCache{T}"/>)
/// are handed out as aliases, so disposing them never frees what the source keeps. A read that
/// throws throws from <see cref="Next"/>, with its own exception.
/// </summary>
internal sealed class Prefetch : IDisposable
{
    readonly SampleSource source;
    int next;
    Task<(Tensor Image, Tensor Label)>? pending;

    public Prefetch(SampleSource source)
    {
        this.source = source;
        pending = Start(0);
    }

    Task<(Tensor, Tensor)>? Start(int index) => index >= source.Count ? null : Task.Run(() =>
    {
        // The worker's own scope frees what the source made for this read; the aliases outlive it.
        using var scope = NewDisposeScope();
        var (image, label) = source[index];
        return (image.alias().DetachFromDisposeScope(), label.alias().DetachFromDisposeScope());
    });

    public (Tensor Image, Tensor Label) Next()
    {
        var task = pending ?? throw new InvalidOperationException($"all {source.Count} samples were read");
        pending = null;
        var (image, label) = task.GetAwaiter().GetResult();
        next++;
        pending = Start(next);
        var scope = CurrentDisposeScope;
        if (scope is not null)
        {
            scope.Attach(image);
            scope.Attach(label);
        }
        return (image, label);
    }

    public void Dispose()
    {
        if (pending is not { } task) return;
        pending = null;
        try
        {
            var (image, label) = task.GetAwaiter().GetResult();
            image.Dispose();
            label.Dispose();
        }
        catch (Exception)
        {
            // The evaluation already ended (with its own result or error); an unread sample's failure is not news.
        }
    }
}
