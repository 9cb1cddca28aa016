namespace Workbench.Vision.Loading;

/// <summary>How a <see cref="DataLoader"/> orders, augments and batches a dataset.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>A new random order each epoch, from (<see cref="Seed"/>, epoch).</summary>
    public bool Shuffle { get; init; } = true;

    public long Seed { get; init; }

    /// <summary>Images per batch. The paper's default is 1 — one whole image of whatever size.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Threads that decode and preprocess; 0 loads on the consuming thread.</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount - 1, 1, 4);

    /// <summary>Batches that may be ready (or in preparation) ahead of the consumer.</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>Random crops (padding smaller images with void labels) to a fixed size; needed for batches of several images of different sizes.</summary>
    public (int Height, int Width)? Crop { get; init; }

    /// <summary>Random left–right mirroring with probability 1/2.</summary>
    public bool Mirror { get; init; }

    /// <summary>Drop a last batch smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }
}
