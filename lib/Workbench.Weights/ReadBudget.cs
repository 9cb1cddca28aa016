using Workbench.Engine;

namespace Workbench.Weights;

/// <summary>
/// What one read of a weights file may allocate: the bytes the file holds (its storages, once each)
/// plus <see cref="ReadLimits.Bytes"/> for what expands (deflated records, the tensors' own
/// overhead). Zip directories can point many entries at one record and safetensors headers many
/// names at one range; each would be a full copy, so every storage and tensor is charged here.
/// </summary>
internal sealed class ReadBudget(string path, long fileLength)
{
    // A tensor's handle, TensorImpl, sizes and strides: an estimate on the high side.
    public const long TensorCost = 1024;

    readonly long limit = fileLength > long.MaxValue - ReadLimits.Bytes ? long.MaxValue : fileLength + ReadLimits.Bytes;
    long spent;

    public void Take(long bytes, string? entry, string what)
    {
        spent = bytes < 0 || bytes > long.MaxValue - spent ? long.MaxValue : spent + bytes;
        if (spent > limit)
            throw new WeightsFormatException(path, entry,
                $"{what} would bring this file's tensors to {ReadLimits.Format(spent)} or more: beyond the file's {fileLength} bytes plus the read limit of {ReadLimits.Format(ReadLimits.Bytes)}; set {ReadLimits.Variable} higher for an honest file this large");
    }

    public void TakeTensor(string? entry) => Take(TensorCost, entry, "one more tensor");

    /// <summary>A storage's bytes, before it is read.</summary>
    public void TakeStorage(long numel, long elementSize, string? entry, string key) =>
        Take(ReadLimits.Product(numel, elementSize), entry, $"storage '{key}' of {numel} elements");
}
