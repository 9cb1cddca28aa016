using Workbench.Torch;

namespace Workbench.Vision.Datasets;

/// <summary>
/// A network input in Caffe's layout: float32 planes [C, H, W], already preprocessed (BGR order,
/// mean subtracted). Kept as a managed array so worker threads can build it without touching
/// native tensors (dispose scopes are per thread); <see cref="ToTensor"/> copies it out.
/// </summary>
public sealed class Planes
{
    public Planes(int channels, int height, int width, float[]? data = null)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"planes need positive sizes, got [{channels}, {height}, {width}]");
        long n = (long) channels * height * width;
        if (data is not null && data.LongLength != n)
            throw new ArgumentException($"{data.Length} values cannot fill planes [{channels}, {height}, {width}]");
        Channels = channels;
        Height = height;
        Width = width;
        Data = data ?? new float[n];
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Row-major [C, H, W].</summary>
    public float[] Data { get; }

    public float this[int c, int y, int x]
    {
        get => Data[((long) c * Height + y) * Width + x];
        set => Data[((long) c * Height + y) * Width + x] = value;
    }

    public Span<float> Plane(int c) => Data.AsSpan(c * Height * Width, Height * Width);

    /// <summary>A new float32 tensor [C, H, W].</summary>
    public torch.Tensor ToTensor() => torch.tensor<float>(Data, new long[] { Channels, Height, Width });
}
