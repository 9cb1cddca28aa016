using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Weights;

/// <summary>
/// Weights into FCNs (§4.1, §4.2): ImageNet classifiers transplanted into the trunk (fc6 and fc7
/// reshaped from inner products into convolutions), stage-wise initialization (FCN-32s → 16s →
/// 8s), and FCN weight files that load straight in — pytorch-fcn's .pth and
/// fcn.berkeleyvision.org's .caffemodel use the reference names, which are ours.
/// </summary>
public static class PretrainedWeights
{
    // torchvision's vgg16: features.N are the 13 convolutions, classifier.0 and .3 fc6 and fc7.
    static readonly string[] VggConvs =
        { "conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv4_1", "conv4_2", "conv4_3", "conv5_1", "conv5_2", "conv5_3" };
    static readonly int[] VggFeatureIndex = { 0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28 };

    // bvlc_googlenet's stem layer names.
    static readonly Dictionary<string, string> CaffeAliases = new()
    {
        ["conv1/7x7_s2"] = "conv1", ["conv2/3x3_reduce"] = "conv2_reduce", ["conv2/3x3"] = "conv2",
    };

    /// <summary>Our name for a classifier file's key, or null for layers an FCN drops (fc8, auxiliary heads).</summary>
    public static string? TrunkKey(string key)
    {
        int dot = key.LastIndexOf('.');
        if (dot < 0) return null;
        string layer = key[..dot], kind = key[(dot + 1)..];
        if (layer.StartsWith("features.") && int.TryParse(layer["features.".Length..], out var f))
        {
            int i = Array.IndexOf(VggFeatureIndex, f);
            return i < 0 ? null : $"{VggConvs[i]}.{kind}";
        }
        if (layer == "classifier.0") return $"fc6.{kind}";
        if (layer == "classifier.3") return $"fc7.{kind}";
        if (CaffeAliases.TryGetValue(layer, out var alias)) return $"{alias}.{kind}";
        if (layer.StartsWith("loss") || layer is "fc8" or "classifier.6" or "fc8_ilsvrc" ) return null;
        return layer.Replace('/', '.') + "." + kind;
    }

    /// <summary>
    /// Copies an ImageNet classifier's weights (torchvision or Caffe names) into the net's trunk;
    /// inner-product weights are reshaped into the convolutions fc6 and fc7 become. Every trunk
    /// parameter must be found; returns the keys of the file that were not used.
    /// </summary>
    public static IReadOnlyList<string> LoadClassifier(FcnModel net, string path)
    {
        var source = WeightsFile.Load(path);
        try
        {
            return LoadClassifier(net, source, path);
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    public static IReadOnlyList<string> LoadClassifier(FcnModel net, IReadOnlyDictionary<string, Tensor> source, string origin)
    {
        var trunk = net.Trunk.state_dict();
        var unused = new List<string>();
        var loaded = new HashSet<string>();
        using var noGrad = no_grad();
        foreach (var (key, value) in source)
        {
            var ours = TrunkKey(key);
            if (ours is null || !trunk.TryGetValue(ours, out var target))
            {
                unused.Add(key);
                continue;
            }
            if (!loaded.Add(ours)) throw new InvalidDataException($"{origin}: two keys map to {ours} (the second is {key})");
            var want = target.shape;
            if (value.ndim == 4 && value.shape[1] == 3 && want.Length == 4 && want[1] > 3 && value.shape[0] == want[0])
            {
                // Early fusion: a colour classifier's first filters into a trunk with more input channels.
                using var expanded = Models.EarlyFusion.ExpandFilters(value, want[1]);
                target.copy_(expanded);
                continue;
            }
            if (value.numel() != target.numel())
                throw new InvalidDataException($"{origin}: {key} has shape [{string.Join(", ", value.shape)}], " +
                                               $"{ours} needs [{string.Join(", ", want)}] (is the net's width 1.0?)");
            using var reshaped = value.reshape(want);
            target.copy_(reshaped);
        }
        var missing = trunk.Keys.Where(k => !loaded.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{origin}: no weights for {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", …" : "")}");
        return unused;
    }

    /// <summary>
    /// Loads an FCN's own weights file (pytorch-fcn .pth, a .caffemodel of the reference nets, or
    /// one we saved) with the reference keys; every key must match.
    /// </summary>
    public static void Load(FcnModel net, string path)
    {
        var source = WeightsFile.Load(path);
        try
        {
            var renamed = new Dictionary<string, Tensor>();
            foreach (var (k, v) in source)
            {
                int dot = k.LastIndexOf('.');
                var layer = dot < 0 ? k : k[..dot];
                var name = CaffeAliases.TryGetValue(layer, out var alias) ? alias + k[dot..] : k.Replace('/', '.');
                renamed[name] = v;
            }
            // Caffe stores fc6/fc7 of converted nets as convolutions already; an inner product reshapes.
            var own = net.state_dict();
            foreach (var (k, v) in renamed.ToList())
                if (own.TryGetValue(k, out var t) && !t.shape.SequenceEqual(v.shape) && t.numel() == v.numel())
                    renamed[k] = v.reshape(t.shape);
            try
            {
                net.load_checked(renamed);
            }
            catch (StateDictException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    /// <summary>Saves the state dict as a PyTorch .pth (zip) file that pytorch-fcn's model classes load.</summary>
    public static void Save(FcnModel net, string path) => WeightsFile.Write(net.state_dict(), path);

    /// <summary>
    /// Stage-wise training (§4.2): the next net starts from the previous one — every parameter
    /// with the same name and shape is copied (the trunk, score_fr, score_pool4, upscore2…); the
    /// new skip layers keep their zero start and the new upsampling its bilinear one. Returns the
    /// copied names.
    /// </summary>
    public static IReadOnlyList<string> InitializeFrom(FcnModel target, FcnModel source)
    {
        var from = source.state_dict();
        var copied = new List<string>();
        using var noGrad = no_grad();
        foreach (var (name, t) in target.state_dict())
            if (from.TryGetValue(name, out var s) && s.shape.SequenceEqual(t.shape))
            {
                t.copy_(s);
                copied.Add(name);
            }
        return copied;
    }
}
