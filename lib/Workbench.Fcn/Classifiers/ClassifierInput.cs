using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Datasets.Synthetic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Fcn.Classifiers;

/// <summary>
/// What a classifier is shown: a Fashion-MNIST item upsampled bilinearly to the ILSVRC input of its
/// trunk (VGG16 224, CaffeNet 227, GoogLeNet 224), filling it as an ILSVRC image fills it —
/// the size at which fc6 sees exactly its kernel, which <see cref="Size"/> checks on the layer
/// geometry. Preprocessed as every segmentation input: grey replicated to B, G and R, 0–255,
/// minus the VOC mean.
/// </summary>
public static class ClassifierInput
{
    /// <summary>The root mean square of the preprocessed inputs (0–255 minus the VOC mean) over Fashion-MNIST's training images: 100.</summary>
    public const double Scale = 100;

    /// <summary>The input side of each ILSVRC classifier (Simonyan and Zisserman; CaffeNet's crop; Szegedy et al.).</summary>
    public static long IlsvrcSize(string backbone) => backbone switch
    {
        "vgg16" => 224,
        "alexnet" => 227,
        "googlenet" => 224,
        _ => throw new ArgumentException($"unknown backbone '{backbone}'; known: {string.Join(", ", Classifier.Backbones)}", nameof(backbone)),
    };

    /// <summary>The classifier's input side, checked: the trunk's top must be one cell there, or fc6 would not see exactly its kernel.</summary>
    public static long Size(string backbone, Backbone trunk)
    {
        long size = IlsvrcSize(backbone);
        long top = CropOffsets.Trace(trunk, trunk, size).Output!.Size;
        if (top != 1) throw new GeometryException($"{backbone}: at its input {size}×{size} the trunk's top is {top}×{top}, not one cell (is conv1's padding the classifier's?)");
        return size;
    }

    /// <summary>The trunk's total stride (the distance between neighbouring top cells in input pixels), from its geometry.</summary>
    public static long Stride(Backbone trunk) => (long) Math.Round(CropOffsets.Trace(trunk, trunk, 500, checkSizes: false).Output!.Jump);

    /// <summary>Items <paramref name="indices"/> of <paramref name="set"/> as a float32 batch [N, 3, size, size], resized bilinearly.</summary>
    public static Tensor Batch(ClassificationSet set, ReadOnlySpan<int> indices, long size)
    {
        int n = indices.Length, h = set.Height, w = set.Width;
        var bytes = new byte[n * h * w];
        for (int i = 0; i < n; i++) set.Image(indices[i]).CopyTo(bytes.AsSpan(i * h * w, h * w));
        using var scope = NewDisposeScope();
        var grey = tensor(bytes, new long[] { n, 1, h, w }).to(float32);
        if (h != size || w != size) grey = interpolate(grey, new[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false);
        var mean = tensor(Means.VocBgr, new long[] { 1, 3, 1, 1 });
        return (grey.expand(n, 3, size, size) - mean).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The classifier's batch for <paramref name="indices"/>: the items filling the frame, or, with
    /// <paramref name="windows"/>, their in-context windows (already the input size).
    /// </summary>
    public static Tensor Batch(ClassificationSet set, FashionWindows? windows, ReadOnlySpan<int> indices, long size)
    {
        if (windows is null) return Batch(set, indices, size);
        if (windows.Size != size) throw new ArgumentException($"windows are {windows.Size}×{windows.Size}, the classifier takes {size}×{size}");
        using var scope = NewDisposeScope();
        var images = new Tensor[indices.Length];
        for (int i = 0; i < images.Length; i++) images[i] = windows.Render(indices[i]).ToTensor();
        return stack(images).MoveToOuterDisposeScope();
    }

    /// <summary>The labels of <paramref name="indices"/> as int64 [N].</summary>
    public static Tensor Labels(ClassificationSet set, ReadOnlySpan<int> indices)
    {
        var labels = new long[indices.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = set.Label(indices[i]);
        return tensor(labels);
    }
}
