using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Weights;

/// <summary>
/// An FCN's own weights files: pytorch-fcn's .pth and fcn.berkeleyvision.org's .caffemodel use the
/// reference names, which are ours, so they load straight in; ours are saved as PyTorch .pth with
/// the net's <see cref="ModelIdentity"/> beside the state dict. Transfers between different nets
/// are <see cref="Surgery"/>'s.
/// </summary>
public static class FcnWeights
{
    /// <summary>The 'format' entry of the final weights <see cref="Save"/> writes (checkpoints say 'fcn-workbench-checkpoint').</summary>
    public const string Format = "fcn-workbench-weights";

    /// <summary>Loads an FCN's own weights file; every key must match (an inner product reshapes into its convolution).</summary>
    public static void Load(FcnModel net, string path)
    {
        using var file = WeightsFile.Read(path);
        Load(net, file);
    }

    /// <summary>As <see cref="Load(FcnModel, string)"/>, from a file already read (its tensors stay the caller's).</summary>
    public static void Load(FcnModel net, StateDictFile file)
    {
        var path = file.Path;
        var renamed = new Dictionary<string, Tensor>();
        foreach (var (k, v) in file.Entries)
            if (!renamed.TryAdd(LayerNames.Fcn(k), v)) throw new InvalidDataException($"{path}: two keys map to {LayerNames.Fcn(k)} (the second is {k})");
        // Caffe stores fc6/fc7 of converted nets as convolutions already; an inner product reshapes.
        var own = net.state_dict();
        var reshaped = new List<Tensor>();
        try
        {
            foreach (var (k, v) in renamed.ToList())
                if (own.TryGetValue(k, out var t) && !t.shape.SequenceEqual(v.shape) && t.numel() == v.numel())
                {
                    renamed[k] = v.reshape(t.shape);
                    reshaped.Add(renamed[k]);
                }
            try
            {
                net.load_checked(renamed);
            }
            catch (StateDictException e)
            {
                throw new InvalidDataException($"{path}: {Misfit(net, e)}", e);
            }
        }
        finally
        {
            foreach (var t in reshaped) t.Dispose();
        }
    }

    /// <summary>
    /// The net a weights file holds, built and loaded: what the file records (<see cref="ModelIdentity"/>)
    /// unless an argument says otherwise; an argument that contradicts the record is an error naming
    /// the file and both values. For a file that records nothing (pytorch-fcn's, Caffe's),
    /// <paramref name="model"/> must say what to build, at <paramref name="width"/> (null: 1, the
    /// paper's) with <paramref name="classes"/> (null: <paramref name="defaultClasses"/>).
    /// </summary>
    /// <param name="classesOption">who asks for <paramref name="classes"/>: an option ("--classes") or a phrase ("the dataset sbd").</param>
    public static FcnModel Create(string path, string? model, double? width, long? classes, long defaultClasses = 21,
        string modelOption = "--model", string widthOption = "--width", string classesOption = "--classes")
    {
        using var file = WeightsFile.Read(path);
        var recorded = ModelIdentity.Read(file);
        if (recorded is not null)
        {
            // Who asked, and for what: "--width 1 asks for width 1", "the dataset asks for 33 classes".
            ArgumentException Conflict(string who, string what, string leaveOut) =>
                new($"{path}: {who} asks for {what}, but the file holds a {recorded} ({leaveOut})");
            string LeaveOut(string option) => $"leave {option} out to use the file's";
            if (model is not null && !string.Equals(model.Trim(), recorded.ModelName, StringComparison.OrdinalIgnoreCase))
                throw Conflict($"{modelOption} {model}", $"a {model}", LeaveOut(modelOption));
            if (width is { } w && w != recorded.Width)
                throw Conflict($"{widthOption} {Invariant(w)}", $"width {Invariant(w)}", LeaveOut(widthOption));
            if (classes is { } c && c != recorded.Classes)
                throw Conflict(classesOption.StartsWith("--") ? $"{classesOption} {c}" : classesOption, $"{c} classes", classesOption.StartsWith("--") ? LeaveOut(classesOption) : "weights trained on it are needed");
        }
        var identity = recorded ?? new ModelIdentity(
            model ?? throw new ArgumentException($"{path} does not record which net it holds (not written by `workbench train`); give {modelOption}"),
            width ?? 1.0, classes ?? defaultClasses);
        var net = ModelZoo.Create(identity.ModelName, identity.Classes, identity.Width);
        try
        {
            Load(net, file);
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Saves the net as a PyTorch .pth (zip) file: {'format', 'version', 'model_name', 'width',
    /// 'classes', 'model_state_dict'}, pytorch-fcn's checkpoint layout, so its model classes load
    /// <c>torch.load(f)['model_state_dict']</c>; a .safetensors path keeps the identity in the
    /// metadata. A net the zoo does not build is saved as its bare state dict.
    /// </summary>
    public static void Save(FcnModel net, string path)
    {
        var identity = ModelIdentity.Of(net);
        if (identity is null)
        {
            WeightsFile.Write(net.state_dict(), path);
            return;
        }
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            SafeTensors.Write(net.state_dict(), path, identity.ToMetadata());
            return;
        }
        using var scope = NewDisposeScope();   // the CPU copies made below
        var root = new PthDict
        {
            ["format"] = Format, ["version"] = 1L,
            [ModelIdentity.NameKey] = identity.ModelName, [ModelIdentity.WidthKey] = identity.Width, [ModelIdentity.ClassesKey] = identity.Classes,
            ["model_state_dict"] = PthDict.StateDict(net.state_dict().Select(kv =>
                KeyValuePair.Create(kv.Key, kv.Value.device_type == DeviceType.CPU ? kv.Value.detach() : kv.Value.detach().cpu()))),
        };
        PthZip.WriteObject(root, path);
    }

    // A net of another width or class count mismatches in dozens of tensors: the first few and a
    // count say what is wrong in a line, where every one of them would fill the screen.
    static string Misfit(FcnModel net, StateDictException e)
    {
        static string Some(IReadOnlyList<string> items, int n) =>
            string.Join(", ", items.Take(n)) + (items.Count > n ? $", … ({items.Count} in all)" : "");
        var parts = new List<string>();
        if (e.Mismatched.Count > 0) parts.Add($"{e.Mismatched.Count} tensors of another shape ({Some(e.Mismatched, 2)})");
        if (e.Missing.Count > 0) parts.Add($"no {Some(e.Missing, 3)}");
        if (e.Unexpected.Count > 0) parts.Add($"unknown keys {Some(e.Unexpected, 3)}");
        var which = ModelIdentity.Of(net)?.ToString() ?? net.GetName();
        var hint = e.Mismatched.Count > 0 ? "; a net of another width or class count? (--width, --classes)" : e.Missing.Count > 0 ? "; another model? (--model)" : "";
        return $"does not fit a {which}: {string.Join("; ", parts)}{hint}";
    }

    static string Invariant(IFormattable v) => v.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
