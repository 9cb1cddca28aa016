using TorchSharp;
using Workbench.Engine;
using System.Buffers.Binary;
using System.Text;

namespace Workbench.Weights;

/// <summary>
/// One entry point for every weights format: detects the format from the file's first bytes and
/// reads its state dict. <c>torch.load</c> is this without the details.
/// </summary>
public static class WeightsFile
{
    /// <summary>
    /// Reads the state dict of a .pth (zip or legacy), .safetensors or .caffemodel file.
    /// <paramref name="key"/> picks the checkpoint entry that holds it (nested keys joined by '/');
    /// left out, the top level is used when it holds tensors, else the first of
    /// <c>state_dict, model_state_dict, model, net, …</c> (then any key) whose dict holds tensors.
    /// </summary>
    public static StateDictFile Read(string path, string? key = null)
    {
        var format = Detect(path);
        if (key is not null && format is WeightsFormat.SafeTensors or WeightsFormat.CaffeModel)
            throw new ArgumentException($"{path}: a {format.Name()} file has no checkpoint keys (--key {key})");
        try
        {
            return format switch
            {
                WeightsFormat.PthZip => PthZip.Read(path, key),
                WeightsFormat.PthLegacy => PthLegacy.Read(path, key),
                WeightsFormat.SafeTensors => SafeTensors.Read(path),
                _ => CaffeModel.Read(path),
            };
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException or System.Runtime.InteropServices.ExternalException
                                      or System.Text.Json.JsonException && e is not WeightsFormatException)
        {
            throw new WeightsFormatException(path, null, e.Message, e);
        }
    }

    /// <summary>The format of a weights file, from its first bytes (the .caffemodel extension settles protobuf files).</summary>
    public static WeightsFormat Detect(string path)
    {
        InputFile.Check(path);
        Span<byte> head = stackalloc byte[512];
        long length;
        int n;
        using (var f = InputFile.Open(path))
        {
            length = f.Length;
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        head = head[..n];
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 && head[3] is 4 or 6) return WeightsFormat.PthZip;
        if (PthLegacy.StartsWithMagic(head)) return WeightsFormat.PthLegacy;
        if (n >= 262 && Encoding.ASCII.GetString(head.Slice(257, 5)) == "ustar")
            throw new WeightsFormatException(path, null, "a tar archive: PyTorch's pre-0.1.10 tar format is not supported (re-save it with a newer PyTorch)");
        if (SafeTensors.LooksLike(head, length)) return WeightsFormat.SafeTensors;
        if (path.EndsWith(".caffemodel", StringComparison.OrdinalIgnoreCase)) return WeightsFormat.CaffeModel;
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || SafeTensors.LooksDamaged(head, length))
            return WeightsFormat.SafeTensors;   // read, so the error says what is wrong with the header
        // NetParameter's first field is usually name (1), layers (2) or layer (100), all length-delimited.
        if (n >= 2 && (head[0] is 0x0a or 0x12 || head[0] == 0xa2 && head[1] == 0x06)) return WeightsFormat.CaffeModel;
        throw new WeightsFormatException(path, null,
            "not a recognized weights file (expected a PyTorch .pth — zip or legacy —, a .safetensors or a Caffe .caffemodel file)");
    }

    /// <summary>
    /// The state dict of a weights file (name → tensor, in file order), like PyTorch's
    /// <c>WeightsFile.Load(path)</c> of a state dict; <see cref="Read"/> also tells which key it used
    /// and what it skipped. (TorchSharp's own <c>torch.load</c> reads TorchSharp's format.)
    /// </summary>
    public static Dictionary<string, torch.Tensor> Load(string path, string? key = null) => Read(path, key).Entries;

    /// <summary>Writes a state dict: safetensors for a .safetensors path, PyTorch's zip format otherwise.</summary>
    public static void Write(IEnumerable<KeyValuePair<string, torch.Tensor>> stateDict, string path)
    {
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) SafeTensors.Write(stateDict, path);
        else PthZip.Write(stateDict, path);
    }
}
