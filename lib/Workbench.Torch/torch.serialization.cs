using Workbench.Torch.Serialization;

namespace Workbench.Torch;

public static partial class torch
{
    /// <summary>
    /// Reads a state dict (name → tensor, in file order) from a .pth file (zip or legacy format),
    /// a .safetensors or a .caffemodel file, like PyTorch's <c>torch.load(path)</c> for a state dict.
    /// A checkpoint dict is searched for its state dict; <see cref="WeightsFile.Read"/> also tells
    /// which key it used and what it skipped.
    /// </summary>
    public static Dictionary<string, Tensor> load(string path, string? key = null) => WeightsFile.Read(path, key).Entries;

    /// <summary>Writes a state dict in PyTorch's zip format, which <c>torch.load</c> in Python reads.</summary>
    public static void save(IEnumerable<KeyValuePair<string, Tensor>> state_dict, string path) => PthZip.Write(state_dict, path);
}
