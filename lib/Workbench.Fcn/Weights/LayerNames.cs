namespace Workbench.Fcn.Weights;

/// <summary>
/// Our names for the keys of weights files from elsewhere: torchvision's vgg16 (features.N,
/// classifier.0/.3), Caffe's (bvlc_googlenet's conv1/7x7_s2, inception_3a/1x1 with '/'), and the
/// reference FCNs' own, which are ours. The one mapping the CLI, the notebooks and the surgery use.
/// </summary>
public static class LayerNames
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
    public static string? Trunk(string key)
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
        if (layer.StartsWith("loss") || layer is "fc8" or "classifier.6" or "fc8_ilsvrc") return null;
        return Fcn(key);
    }

    /// <summary>
    /// Why a classifier file with these keys cannot start an FCN, or null when it can. torchvision's
    /// alexnet is Krizhevsky's one-GPU variant (64-192-384-256-256 filters, no groups, no LRN), not the
    /// CaffeNet the paper's FCN-AlexNet adapts; its googlenet and vgg16_bn are batch-normalized nets the
    /// paper's are not. Their names could be mapped, but their layers would not fit ours, so they are
    /// named as what they are rather than failing on the first mismatched shape.
    /// </summary>
    public static string? Unsupported(IReadOnlyCollection<string> keys)
    {
        if (keys.Contains("classifier.1.weight") && keys.Contains("classifier.4.weight") && keys.Contains("features.10.weight"))
            return "torchvision's alexnet (64-192-384-256-256 filters, no groups or LRN), not the CaffeNet that FCN-AlexNet adapts: " +
                   "use bvlc_reference_caffenet.caffemodel (data-scripts/fetch.sh caffenet)";
        if (keys.Any(k => k.StartsWith("inception3a.") || k.StartsWith("conv1.bn.")))
            return "torchvision's googlenet (batch-normalized, no LRN), not the BVLC GoogLeNet that FCN-GoogLeNet adapts: " +
                   "use bvlc_googlenet.caffemodel (data-scripts/fetch.sh googlenet)";
        if (keys.Any(k => k.StartsWith("features.") && k.EndsWith(".running_mean")))
            return "torchvision's vgg16_bn (batch-normalized), not the VGG16 that FCN-VGG16 adapts: " +
                   "use VGG_ILSVRC_16_layers.caffemodel or torchvision's vgg16 (data-scripts/fetch.sh vgg16)";
        return null;
    }

    /// <summary>Our name for a key of an FCN's weights file (Caffe's '/' become '.', GoogLeNet's stem renamed).</summary>
    public static string Fcn(string key)
    {
        int dot = key.LastIndexOf('.');
        var layer = dot < 0 ? key : key[..dot];
        return CaffeAliases.TryGetValue(layer, out var alias) ? alias + key[dot..] : key.Replace('/', '.');
    }
}
