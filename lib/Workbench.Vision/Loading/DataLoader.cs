using TorchSharp;
using Workbench.Engine;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Synthetic;

namespace Workbench.Vision.Loading;

/// <summary>
/// Feeds a dataset to training or evaluation: a seeded order per epoch, loading, decoding,
/// augmentation and batching on worker threads, at most <see cref="DataLoaderOptions.Prefetch"/>
/// batches ahead, and batches handed out in order. Workers touch only managed memory; the tensors
/// are made on the consuming thread, so they land in that thread's dispose scope.
/// The sequence of batches depends only on (dataset, options, epoch), not on thread timing.
/// </summary>
public sealed class DataLoader
{
    public DataLoader(ISegmentationDataset dataset, DataLoaderOptions? options = null)
    {
        Dataset = dataset;
        Options = options ?? new DataLoaderOptions();
        if (Options.BatchSize <= 0) throw new ArgumentException($"batch size must be positive, got {Options.BatchSize}");
        if (Options.Workers < 0) throw new ArgumentException($"workers must be ≥ 0, got {Options.Workers}");
        if (Options.Prefetch <= 0) throw new ArgumentException($"prefetch must be positive, got {Options.Prefetch}");
        if (Options.Crop is { } c && (c.Height <= 0 || c.Width <= 0)) throw new ArgumentException($"crop size must be positive, got {c.Height}×{c.Width}");
    }

    public ISegmentationDataset Dataset { get; }
    public DataLoaderOptions Options { get; }

    public int BatchesPerEpoch =>
        Options.DropLast ? Dataset.Count / Options.BatchSize : (Dataset.Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>The order of dataset indices in <paramref name="epoch"/>.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (!Options.Shuffle) return order;
        var rng = new SampleRandom(Options.Seed, epoch, stream: 1);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The batches of one epoch. Cancelling stops the workers and throws <see cref="OperationCanceledException"/>.</summary>
    public IEnumerable<SegmentationBatch> Epoch(int epoch = 0, CancellationToken cancellationToken = default)
    {
        var order = Order(epoch);
        int batches = BatchesPerEpoch;
        if (Options.Workers == 0)
        {
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ToTensors(epoch, b, Prepare(order, epoch, b));
            }
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = new TaskCompletionSource<Prepared>[batches];
        for (int b = 0; b < batches; b++) results[b] = new TaskCompletionSource<Prepared>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slots = new SemaphoreSlim(Options.Prefetch);
        int next = -1;
        var workers = new Task[Math.Min(Options.Workers, Math.Max(1, batches))];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Task.Factory.StartNew(() =>
            {
                while (true)
                {
                    try { slots.Wait(stop.Token); }
                    catch (OperationCanceledException) { return; }
                    int b = Interlocked.Increment(ref next);
                    if (b >= batches) return;
                    try { results[b].SetResult(Prepare(order, epoch, b)); }
                    catch (Exception e) { results[b].SetException(e); }
                }
            }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            for (int b = 0; b < batches; b++)
            {
                var task = results[b].Task;
                Task.WaitAny(new Task[] { task }, cancellationToken);
                var prepared = task.GetAwaiter().GetResult(); // rethrows a worker's exception as is
                var batch = ToTensors(epoch, b, prepared);
                slots.Release();
                yield return batch;
            }
        }
        finally
        {
            stop.Cancel();
            try { Task.WaitAll(workers); } catch (AggregateException) { }
        }
    }

    /// <summary>A batch in managed memory, made on a worker.</summary>
    sealed class Prepared
    {
        public required SegmentationSample[] Samples;
        public required Dictionary<string, (float[] Data, long[] Shape)> Inputs;
        public required Dictionary<string, (long[] Data, long[] Shape)> Labels;
    }

    Prepared Prepare(int[] order, int epoch, int b)
    {
        int start = b * Options.BatchSize, count = Math.Min(Options.BatchSize, order.Length - start);
        var samples = new SegmentationSample[count];
        for (int k = 0; k < count; k++)
        {
            int position = start + k;
            var s = Dataset.Get(order[position]);
            var rng = new SampleRandom(Options.Seed, (long) epoch * Math.Max(1, order.Length) + position, stream: 2);
            if (Options.Crop is { } crop)
            {
                // Offsets are uniform over the valid range; a smaller image is placed at a random offset inside the padding.
                int top = RandomOffset(ref rng, s.Height, crop.Height), left = RandomOffset(ref rng, s.Width, crop.Width);
                s = SampleTransforms.Crop(s, top, left, crop.Height, crop.Width);
            }
            if (Options.Mirror && rng.Chance(0.5)) s = SampleTransforms.Mirror(s);
            samples[k] = s;
        }

        var first = samples[0];
        foreach (var s in samples)
            if (s.Height != first.Height || s.Width != first.Width)
                throw new InvalidOperationException(
                    $"{Dataset.Name}: cannot batch {s.Id} ({s.Height}×{s.Width}) with {first.Id} ({first.Height}×{first.Width}); " +
                    "use batch size 1 or set a crop size");

        int h = first.Height, w = first.Width, plane = h * w;
        var inputs = new Dictionary<string, (float[], long[])>();
        foreach (var (name, p0) in first.Inputs)
        {
            var data = new float[(long) count * p0.Channels * plane];
            for (int k = 0; k < count; k++)
            {
                var p = samples[k].Inputs.TryGetValue(name, out var q) ? q
                    : throw new InvalidDataException($"{Dataset.Name}: sample {samples[k].Id} lacks input '{name}'");
                Array.Copy(p.Data, 0, data, (long) k * p0.Channels * plane, p.Data.LongLength);
            }
            inputs[name] = (data, new long[] { count, p0.Channels, h, w });
        }
        var labels = new Dictionary<string, (long[], long[])>();
        foreach (var name in first.Labels.Keys)
        {
            var data = new long[(long) count * plane];
            for (int k = 0; k < count; k++)
            {
                var l = samples[k].Labels.TryGetValue(name, out var m) ? m
                    : throw new InvalidDataException($"{Dataset.Name}: sample {samples[k].Id} lacks labels '{name}'");
                for (int i = 0; i < plane; i++) data[(long) k * plane + i] = l.Indices[i];
            }
            labels[name] = (data, new long[] { count, h, w });
        }
        return new Prepared { Samples = samples, Inputs = inputs, Labels = labels };
    }

    static int RandomOffset(ref SampleRandom rng, int size, int crop) =>
        size >= crop ? rng.Next(0, size - crop + 1) : -rng.Next(0, crop - size + 1);

    static SegmentationBatch ToTensors(int epoch, int index, Prepared p)
    {
        var inputs = new Dictionary<string, torch.Tensor>();
        var labels = new Dictionary<string, torch.Tensor>();
        try
        {
            foreach (var (name, (data, shape)) in p.Inputs) inputs[name] = TensorBytes.FromSpan<float>(data, shape);
            foreach (var (name, (data, shape)) in p.Labels) labels[name] = TensorBytes.FromSpan<long>(data, shape);
        }
        catch
        {
            foreach (var t in inputs.Values) t.Dispose();
            foreach (var t in labels.Values) t.Dispose();
            throw;
        }
        return new SegmentationBatch(epoch, index, p.Samples, inputs, labels);
    }
}
