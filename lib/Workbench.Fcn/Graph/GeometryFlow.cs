using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Graph;

/// <summary>
/// Runs a forward pass on geometry instead of tensors: composes each layer's coordinate map
/// (scale, offset) as Caffe's coord_map.py does, propagates sizes for one input size, and
/// accumulates receptive field, jump (stride) and depth. Crop offsets come out of this pass.
/// </summary>
public sealed class GeometryFlow : Flow<Blob>
{
    readonly Dictionary<nn.Module, string> names = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<string, long> cropOffsets = new();
    readonly List<Blob> blobs = new();

    /// <param name="root">The model whose layers are traced (for layer names in the blobs and in errors).</param>
    readonly bool checkSizes;

    public GeometryFlow(nn.Module root, bool checkSizes = true)
    {
        this.checkSizes = checkSizes;
        foreach (var (name, module) in root.named_modules())
            names.TryAdd(module, name.Length == 0 ? module.GetName() : name);
    }

    /// <summary>The input blob for an input of <paramref name="size"/> pixels.</summary>
    public Blob Input(long size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "input size must be at least 1");
        return Record(new Blob("data", 1, 0, size, 1, 1, 0));
    }

    public IReadOnlyDictionary<string, long> CropOffsets => cropOffsets;

    /// <summary>The blob the traced pass returned.</summary>
    public Blob? Output { get; set; }

    /// <summary>
    /// Floating-point operations of the convolutions and deconvolutions traced so far, on a square
    /// input of the traced size (a multiply-add is two). That is where an FCN spends its time —
    /// pooling, ReLU, crops and sums add well under 1% — so GFLOP/s against a matrix product's peak
    /// says how close a run comes to the machine's limit.
    /// </summary>
    public double ConvolutionFlops => convolutions.Sum(c => 2.0 * c.Size * c.Size * c.Elements);

    /// <summary>
    /// The same for an input of <paramref name="rows"/>' height and <paramref name="columns"/>'
    /// width: two traces of one net, its sizes along each axis.
    /// </summary>
    public static double RectangleFlops(GeometryFlow rows, GeometryFlow columns)
    {
        if (rows.convolutions.Count != columns.convolutions.Count) throw new ArgumentException("the traces are of different nets");
        return rows.convolutions.Zip(columns.convolutions, (r, c) => 2.0 * r.Size * c.Size * r.Elements).Sum();
    }

    // Per convolution: the extent that counts (a convolution's output, a deconvolution's input) and
    // its weight's elements (multiply-adds per output element of a convolution, per input element of a deconvolution).
    readonly List<(long Size, double Elements)> convolutions = new();

    /// <summary>Every blob produced so far, in order.</summary>
    public IReadOnlyList<Blob> Blobs => blobs;

    Blob Record(Blob b)
    {
        blobs.Add(b);
        return b;
    }

    string NameOf(nn.Module layer) => names.TryGetValue(layer, out var n) ? n : layer.GetName();

    protected override Blob Step(nn.Module<Tensor, Tensor> layer, Blob x)
    {
        string name = NameOf(layer);
        switch (layer)
        {
            // TorchSharp leaves a pool's stride and padding null when they take their defaults
            // (the kernel size, 0) and a convolution's padding null for padding "same".
            case Conv2d c:
            {
                var y = Window(name, x, c.kernel_size[0], c.stride[0], c.padding?[0] ?? throw new GeometryException($"{name}: padding 'same' has no fixed coordinate map"),
                    c.dilation[0], ceil: false, learned: true);
                // Each output element: in/groups × kh × kw multiply-adds per output channel.
                convolutions.Add((y.Size, Elements(c.weight!)));
                return y;
            }
            case MaxPool2d p:
                return Window(name, x, p.kernel_size[0], p.stride?[0] ?? p.kernel_size[0], p.padding?[0] ?? 0, p.dilation?[0] ?? 1, p.ceil_mode, learned: false);
            case AvgPool2d p:
                return Window(name, x, p.kernel_size[0], p.stride?[0] ?? p.kernel_size[0], p.padding?[0] ?? 0, 1, p.ceil_mode, learned: false);
            case ConvTranspose2d d:
            {
                long k = d.dilation[0] * (d.kernel_size[0] - 1) + 1, s = d.stride[0], pad = d.padding?[0] ?? 0;
                long size = (x.Size - 1) * s - 2 * pad + k + d.output_padding[0];
                if (size < 1) throw new GeometryException($"{name}: output size {size} from input size {x.Size}");
                // Each input element scatters into out/groups × kh × kw outputs per input channel.
                convolutions.Add((x.Size, Elements(d.weight!)));
                // Caffe: deconvolution maps (stride, (ks − 1)/2 − pad).
                return Record(x with
                {
                    Name = name, Scale = x.Scale * s, Offset = x.Offset * s + (k - 1) / 2.0 - pad, Size = size,
                    Jump = x.Jump / s, Upsampled = true,
                });
            }
            case ReLU or Dropout or Dropout2d or LocalResponseNorm:
                return Record(x with { Name = name });
            default:
                throw new GeometryException($"{name}: no coordinate map for a {layer.GetName()} layer");
        }
    }

    static double Elements(Tensor weight) => weight.shape.Aggregate(1.0, (a, b) => a * b);

    Blob Window(string name, Blob x, long kernel, long stride, long pad, long dilation, bool ceil, bool learned)
    {
        long k = dilation * (kernel - 1) + 1;
        long span = x.Size + 2 * pad - k;
        if (span < 0) throw new GeometryException($"{name}: input of size {x.Size} (padding {pad}) is smaller than the kernel ({k})");
        long size = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        // As PyTorch and Caffe: the last window of ceil mode must start inside the input or left padding.
        if (ceil && (size - 1) * stride >= x.Size + pad) size--;
        // Caffe: convolution and pooling map (1/stride, (pad − (ks − 1)/2)/stride).
        return Record(new Blob(name, x.Scale / stride, (x.Offset + pad - (k - 1) / 2.0) / stride, size,
            x.Upsampled ? x.ReceptiveField : x.ReceptiveField + (k - 1) * (long) Math.Round(x.Jump),
            x.Jump * stride, x.Depth + (learned ? 1 : 0), x.Upsampled));
    }

    public override Blob Keep(Blob x) => x;

    public override Blob Crop(string site, Blob x, Blob like)
    {
        if (Math.Abs(x.Scale - like.Scale) > 1e-12 * Math.Abs(like.Scale))
            throw new GeometryException($"crop '{site}': scale mismatch ({x.Name} {x.Scale} vs {like.Name} {like.Scale})");
        // x's coordinate of a point is like's plus (x.Offset − like.Offset): that is the crop offset.
        double offset = x.Offset - like.Offset;
        if (Math.Abs(offset - Math.Round(offset)) > 1e-9)
            throw new GeometryException($"crop '{site}': non-integer offset {offset} of {x.Name} against {like.Name}");
        long o = (long) Math.Round(offset);
        if (o < 0) throw new GeometryException($"crop '{site}': negative offset {o} of {x.Name} against {like.Name}");
        if (cropOffsets.TryGetValue(site, out var seen) && seen != o)
            throw new GeometryException($"crop '{site}' derived twice with different offsets ({seen}, {o})");
        cropOffsets[site] = o;
        if (checkSizes && x.Size < o + like.Size)
            throw new GeometryException($"crop '{site}': {x.Name} of size {x.Size} cannot hold {like.Name}'s {like.Size} at offset {o}");
        return Record(x with { Name = site, Offset = x.Offset - o, Size = like.Size });
    }

    public override Blob Add(Blob a, Blob b) => Record(Merge("fuse", new[] { a, b }));

    public override Blob Scale(Blob x, double factor) => x;

    public override Blob Concat(IReadOnlyList<Blob> parts) => Record(Merge("concat", parts));

    static Blob Merge(string what, IReadOnlyList<Blob> parts)
    {
        var first = parts[0];
        foreach (var p in parts.Skip(1))
            if (Math.Abs(p.Scale - first.Scale) > 1e-12 || Math.Abs(p.Offset - first.Offset) > 1e-9 || p.Size != first.Size)
                throw new GeometryException($"{what}: {p.Name} (scale {p.Scale}, offset {p.Offset}, size {p.Size}) is not aligned " +
                                            $"with {first.Name} (scale {first.Scale}, offset {first.Offset}, size {first.Size})");
        return first with
        {
            Name = $"{what}({string.Join(", ", parts.Select(p => p.Name))})",
            ReceptiveField = parts.Max(p => p.ReceptiveField),
            Depth = parts.Max(p => p.Depth),
            Jump = parts.Max(p => p.Jump),
            Upsampled = parts.Any(p => p.Upsampled),
        };
    }
}
