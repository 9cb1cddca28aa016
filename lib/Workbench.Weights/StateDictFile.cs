using TorchSharp;
using Workbench.Engine;
namespace Workbench.Weights;

/// <summary>The formats <see cref="WeightsFile"/> reads.</summary>
public enum WeightsFormat
{
    /// <summary>PyTorch's zip format (torch.save since 1.6).</summary>
    PthZip,
    /// <summary>PyTorch's legacy format (torch.save before 1.6, or with _use_new_zipfile_serialization=False).</summary>
    PthLegacy,
    /// <summary>Hugging Face's safetensors.</summary>
    SafeTensors,
    /// <summary>Caffe's NetParameter protobuf (.caffemodel).</summary>
    CaffeModel,
}

public static class WeightsFormatExtensions
{
    /// <summary>Short name, as `workbench inspect weights` prints it: pth-zip, pth-legacy, safetensors, caffemodel.</summary>
    public static string Name(this WeightsFormat f) => f switch
    {
        WeightsFormat.PthZip => "pth-zip",
        WeightsFormat.PthLegacy => "pth-legacy",
        WeightsFormat.SafeTensors => "safetensors",
        WeightsFormat.CaffeModel => "caffemodel",
        _ => f.ToString(),
    };

    public static string Description(this WeightsFormat f) => f switch
    {
        WeightsFormat.PthZip => "PyTorch zip checkpoint (torch.save, PyTorch >= 1.6)",
        WeightsFormat.PthLegacy => "PyTorch legacy checkpoint (torch.save before 1.6)",
        WeightsFormat.SafeTensors => "safetensors",
        WeightsFormat.CaffeModel => "Caffe NetParameter (.caffemodel)",
        _ => f.ToString(),
    };
}

/// <summary>
/// What <see cref="WeightsFile.Read"/> found: the state dict (name → tensor, in file order), the
/// format, the checkpoint key it came from, and the entries that hold no tensor. The tensors belong
/// to the caller; <see cref="Dispose"/> frees them all.
/// </summary>
public sealed class StateDictFile : IDisposable
{
    public required string Path { get; init; }
    public required WeightsFormat Format { get; init; }
    public required Dictionary<string, torch.Tensor> Entries { get; init; }
    /// <summary>The checkpoint key (nested keys joined by '/') the state dict was under; null when it was the top level.</summary>
    public string? NestedKey { get; init; }
    /// <summary>Entries that are not tensors (an epoch, optimizer state, …), reported rather than loaded.</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; init; } = Array.Empty<SkippedEntry>();
    /// <summary>
    /// The plain values (str, int, float, bool) at the top level of a .pth dict — a checkpoint's
    /// 'model_name', 'width', 'iteration' — also when the weights sit under a key; empty for the other formats.
    /// </summary>
    public IReadOnlyDictionary<string, object> Fields { get; init; } = new Dictionary<string, object>();
    /// <summary>safetensors' __metadata__; empty for the other formats.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public void Dispose()
    {
        foreach (var t in Entries.Values) t.Dispose();
    }
}
