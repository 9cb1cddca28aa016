using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Weights;

/// <summary>
/// What fcn.berkeleyvision.org's surgery.transplant does, by one rule for every transfer of §3.1,
/// §4.2 and §5: a classifier into its FCN, FCN-32s into 16s into 8s, trained streams into a
/// late-fusion net, colour filters into an RGBD conv1. Each parameter of the target takes the
/// source's parameter of the same name: copied when the shapes agree; coerced when only the layout
/// differs (an inner product of fc6/fc7 into its convolution, as the reference's flat copy); widened
/// when colour filters [O, 3, k, k] meet a first layer with more input channels (each extra channel
/// the mean of the colour filters, early fusion). Any other shape is an error naming both.
/// </summary>
public static class Surgery
{
    /// <summary>What a transplant did: target keys copied, coerced and widened; the source keys it did not use; the target keys it found no source for.</summary>
    public sealed record Report(IReadOnlyList<string> Copied, IReadOnlyList<string> Coerced, IReadOnlyList<string> Widened,
        IReadOnlyList<string> Unused, IReadOnlyList<string> Missing)
    {
        public int Transplanted => Copied.Count + Coerced.Count + Widened.Count;

        public override string ToString() =>
            $"{Copied.Count} copied, {Coerced.Count} coerced, {Widened.Count} widened; {Unused.Count} source keys unused, {Missing.Count} target keys left as they were";
    }

    /// <summary>The rule itself: <paramref name="source"/>'s tensors (already in our names) into <paramref name="target"/>'s parameters.</summary>
    public static Report Transplant(nn.Module target, IReadOnlyDictionary<string, Tensor> source, string origin)
    {
        List<string> copied = new(), coerced = new(), widened = new(), missing = new();
        using var noGrad = no_grad();
        var own = target.state_dict();
        foreach (var (key, t) in own)
        {
            if (!source.TryGetValue(key, out var s))
            {
                missing.Add(key);
                continue;
            }
            if (s.shape.SequenceEqual(t.shape))
            {
                t.copy_(s);
                copied.Add(key);
            }
            else if (s.ndim == 4 && t.ndim == 4 && s.shape[1] == 3 && t.shape[1] > 3 && s.shape[0] == t.shape[0] && s.shape[2] == t.shape[2] && s.shape[3] == t.shape[3])
            {
                using var wide = EarlyFusion.ExpandFilters(s, t.shape[1]);
                t.copy_(wide);
                widened.Add(key);
            }
            else if (s.numel() == t.numel())
            {
                using var flat = s.reshape(t.shape);
                t.copy_(flat);
                coerced.Add(key);
            }
            else
                throw new InvalidDataException($"{origin}: {key} has shape [{string.Join(", ", s.shape)}], the net needs [{string.Join(", ", t.shape)}]" +
                                               " (a net of another width or class count?)");
        }
        var unused = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        return new Report(copied, coerced, widened, unused, missing);
    }

    /// <summary>
    /// §3.1: an image classifier's weights file (torchvision or Caffe names; fc6 and fc7 as inner
    /// products or convolutions) into the FCN's trunk. Every trunk parameter must be found; fc8 and
    /// auxiliary heads are dropped. Returns the file's keys that were not used.
    /// </summary>
    public static IReadOnlyList<string> FromClassifier(FcnModel net, string path)
    {
        var file = WeightsFile.Load(path);
        try
        {
            return FromClassifier(net, file, path);
        }
        finally
        {
            foreach (var t in file.Values) t.Dispose();
        }
    }

    public static IReadOnlyList<string> FromClassifier(FcnModel net, IReadOnlyDictionary<string, Tensor> file, string origin)
    {
        if (LayerNames.Unsupported(file.Keys.ToList()) is { } why) throw new InvalidDataException($"{origin} is {why}");
        var renamed = new Dictionary<string, Tensor>();
        var fileKey = new Dictionary<string, string>();
        var unused = new List<string>();
        foreach (var (key, value) in file)
        {
            if (LayerNames.Trunk(key) is not { } ours)
            {
                unused.Add(key);
                continue;
            }
            if (!renamed.TryAdd(ours, value)) throw new InvalidDataException($"{origin}: two keys map to {ours} (the second is {key})");
            fileKey[ours] = key;
        }
        var report = Transplant(net.Trunk, renamed, origin);
        if (report.Missing.Count > 0)
            throw new InvalidDataException($"{origin}: no weights for {string.Join(", ", report.Missing.Take(8))}{(report.Missing.Count > 8 ? ", …" : "")}");
        return unused.Concat(report.Unused.Select(k => fileKey[k])).ToList();
    }

    /// <summary>
    /// §3.1's convolutionalized classifier kept as the scores of its own classes: fc8 [K, C] (an
    /// inner product, as the classifier trained it) into rows <paramref name="firstClass"/> ..
    /// firstClass + K − 1 of score_fr [classes, C, 1, 1], with its bias; every other row (background)
    /// keeps its zero start. The paper discards fc8, because ILSVRC's 1,000 classes are not PASCAL's;
    /// where the classifier was trained on the scenes' own classes (Fashion-MNIST under the Fashion
    /// scenes, docs/pretraining.md), the heatmap of Fig. 2 is already their scores, and the zero
    /// start would throw it away. <paramref name="layer"/> names the score layer: a two-headed net's
    /// semantic head is score_fr_sem. Returns how many classes were transferred.
    /// </summary>
    public static int ClassifierScores(FcnModel net, IReadOnlyDictionary<string, Tensor> file, int firstClass, string origin, string layer = "score_fr")
    {
        if (!file.TryGetValue("fc8.weight", out var w) || !file.TryGetValue("fc8.bias", out var b))
            throw new InvalidDataException($"{origin}: no fc8.weight and fc8.bias, the classifier's scores");
        var own = net.state_dict();
        if (!own.TryGetValue(layer + ".weight", out var score) || !own.TryGetValue(layer + ".bias", out var bias))
            throw new ArgumentException($"{net.GetName()} has no {layer} layer to take {origin}'s scores", nameof(net));
        long k = w.shape[0];
        if (w.ndim != 2 || w.shape[1] != score.shape[1] || b.ndim != 1 || b.shape[0] != k)
            throw new InvalidDataException($"{origin}: fc8 is [{string.Join(", ", w.shape)}] with a bias of [{string.Join(", ", b.shape)}], " +
                                           $"{layer} needs [K, {score.shape[1]}] and [K]");
        if (firstClass < 0 || firstClass + k > score.shape[0])
            throw new ArgumentOutOfRangeException(nameof(firstClass), firstClass,
                $"{origin}'s {k} classes from class {firstClass} do not fit the net's {score.shape[0]}");
        using var noGrad = no_grad();
        score.narrow(0, firstClass, k).copy_(w.reshape(k, w.shape[1], 1, 1));
        bias.narrow(0, firstClass, k).copy_(b);
        return (int) k;
    }

    /// <summary>
    /// §4.2's stages: the next net (FCN-16s, FCN-8s; a late-fusion net) from the trained one before
    /// it. Every parameter they share is transplanted; the new skip layers keep their zero start and
    /// the new upsampling its bilinear one. Returns what was done.
    /// </summary>
    public static Report FromCoarser(nn.Module next, nn.Module trained) =>
        Transplant(next, trained.state_dict(), trained.GetName());
}
