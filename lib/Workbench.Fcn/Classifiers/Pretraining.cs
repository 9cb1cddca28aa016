using System.Diagnostics;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Datasets.Synthetic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Classifiers;

/// <summary>
/// §3.1's first step at CPU scale: train each backbone as a classifier — on Fashion-MNIST, the
/// classification set in Debian's packages, standing in for ILSVRC — before it is convolutionalized
/// and fine-tuned for segmentation. <see cref="Cached"/> trains once per settings and keeps the
/// weights under <c>artifacts/pretrained/</c>; every later call, from the CLI or a notebook,
/// reuses the file and reports the time the training took.
/// <para>The recipe (docs/pretraining.md): mini-batches of <see cref="BatchSize"/> images at the
/// classifier's input size, the mean cross-entropy, Adam with a cosine learning rate from <see cref="LearningRate"/> to zero, He
/// initialization with the first filters scaled to the inputs' spread and their learning rate by
/// the same factor (the inputs stay 0–255 minus the mean, as the FCN sees them), dropout as the
/// trunk has it. Deterministic from the seed: initialization and dropout from torch's generator,
/// the epoch orders from (seed, epoch).</para>
/// </summary>
public static class Pretraining
{
    /// <summary>Images per update.</summary>
    public const int BatchSize = 16;
    public const double LearningRate = 1e-3;

    /// <summary>How many of Fashion-MNIST's test images the held-out accuracy is measured on (the first ones).</summary>
    public const int TestImages = 1000;

    /// <summary>The cache: <c>artifacts/pretrained</c> of the repository this runs in (found upwards from the working directory), else of the working directory.</summary>
    public static string DefaultCacheDirectory()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln")))
                return Path.Combine(d.FullName, "artifacts", "pretrained");
        return Path.Combine(Environment.CurrentDirectory, "artifacts", "pretrained");
    }

    /// <summary>
    /// The pretrained classifier for these settings: from the cache when it is there (instantly),
    /// else trained, evaluated and written there (weights and a JSON record, each atomically).
    /// </summary>
    public static PretrainingResult Cached(string backbone, double width, int images, int epochs, long seed, Device? device = null,
        Action<PretrainingProgress>? progress = null, string? cacheDirectory = null, string root = FashionMnist.DefaultRoot) =>
        Cached(new PretrainingSettings(backbone, width, images, epochs, seed), device, progress, cacheDirectory, root);

    public static PretrainingResult Cached(PretrainingSettings settings, Device? device = null, Action<PretrainingProgress>? progress = null,
        string? cacheDirectory = null, string root = FashionMnist.DefaultRoot)
    {
        settings.Validate();
        var directory = cacheDirectory ?? DefaultCacheDirectory();
        var weights = Path.Combine(directory, settings.CacheName);
        var record = Path.ChangeExtension(weights, ".json");
        if (File.Exists(weights) && File.Exists(record) && ReadRecord(record, settings) is { } found)
            return found with { WeightsPath = weights, Cached = true };

        var train = FashionMnist.Shared(root, "train");
        var test = FashionMnist.Shared(root, "test");
        if (settings.Images > train.Count)
            throw new ArgumentException($"--images must be at most {train.Count} ({train.Name}), got {settings.Images}");
        // In context, the classifier starts from the one that learned the items filling the frame (cached
        // like any other): a plain VGG16 trained from He's start on the windows alone stayed at chance for
        // 180 updates, while the items alone are learned within one epoch (docs/pretraining.md).
        var start = settings.SceneSide > 0 ? Cached(settings with { SceneSide = 0 }, device, progress, directory, root) : null;
        using var net = Train(settings, train, device ?? CPU, progress, out var seconds, out var loss, start?.WeightsPath);
        seconds += start?.TrainSeconds ?? 0;
        double accuracy = Accuracy(net, test, TestImages, TestWindows(settings, test, net.InputSize));
        // The weights first, then the record that makes them a cache entry: a crash in between
        // leaves weights without a record, which the next call retrains over.
        net.SaveAsClassifier(weights);
        var result = new PretrainingResult(weights, settings, seconds, false, accuracy, Math.Min(TestImages, test.Count), net.InputSize, loss);
        AtomicFile.WriteAllText(record, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        return result;
    }

    static PretrainingResult? ReadRecord(string path, PretrainingSettings settings)
    {
        try
        {
            var r = JsonSerializer.Deserialize<PretrainingResult>(File.ReadAllText(path));
            return r is not null && r.Settings == settings ? r : null;
        }
        catch (JsonException)
        {
            return null; // an unreadable record is no cache entry; training rewrites it
        }
    }

    /// <summary>The in-context windows of the training items (null when the items fill the frame).</summary>
    public static FashionWindows? TrainWindows(PretrainingSettings settings, ClassificationSet train, long inputSize) =>
        settings.SceneSide > 0 ? new FashionWindows(train, (int) inputSize, settings.SceneSide, settings.Seed) : null;

    /// <summary>The held-out windows: the test items, from a seed no training window uses.</summary>
    public static FashionWindows? TestWindows(PretrainingSettings settings, ClassificationSet test, long inputSize) =>
        settings.SceneSide > 0 ? new FashionWindows(test, (int) inputSize, settings.SceneSide, 1_000_003) : null;

    /// <summary>Trains a fresh classifier on the first <see cref="PretrainingSettings.Images"/> items of <paramref name="train"/>.</summary>
    /// <param name="startFrom">a classifier's weights file (<see cref="Classifier.SaveAsClassifier"/>) to start from instead of He's initialization</param>
    public static Classifier Train(PretrainingSettings settings, ClassificationSet train, Device device,
        Action<PretrainingProgress>? progress, out double seconds, out double finalLoss, string? startFrom = null)
    {
        settings.Validate();
        int n = Math.Min(settings.Images, train.Count);
        torch.manual_seed(settings.Seed);
        var net = new Classifier(settings.Backbone, settings.Width, train.ClassNames.Count);
        try
        {
            net.Initialize(ClassifierInput.Scale);
            if (startFrom is not null) net.LoadClassifier(startFrom);
            net.to(device);
            var first = net.Trunk.modules().OfType<Conv2d>().First();
            var firstParams = first.parameters().ToList();
            var rest = net.parameters().Where(p => !firstParams.Any(q => q.Handle == p.Handle)).ToList();
            // The first filters start 1/Scale as large as He's; their steps shrink alike, so
            // Adam's scale-free steps do not swamp them.
            double[] baseRates = { LearningRate / ClassifierInput.Scale, LearningRate };
            using var optimizer = optim.Adam(new[]
            {
                new Adam.ParamGroup(firstParams, new Adam.Options { LearningRate = baseRates[0] }),
                new Adam.ParamGroup(rest, new Adam.Options { LearningRate = baseRates[1] }),
            }, LearningRate);
            long stepsPerEpoch = (n + BatchSize - 1) / BatchSize, steps = stepsPerEpoch * settings.Epochs, step = 0;
            var order = Enumerable.Range(0, n).ToArray();
            var windows = TrainWindows(settings, train, net.InputSize);
            var clock = Stopwatch.StartNew();
            finalLoss = double.NaN;
            net.train();
            for (int epoch = 0; epoch < settings.Epochs; epoch++)
            {
                // Each epoch's order comes from (seed, epoch) alone.
                Array.Sort(order);
                new Random(EpochSeed(settings.Seed, epoch)).Shuffle(order);
                for (int start = 0; start < n; start += BatchSize)
                {
                    // Cosine decay to zero over the whole run: most of the progress a short run makes comes late.
                    double factor = 0.5 * (1 + Math.Cos(Math.PI * step / steps));
                    int g = 0;
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = baseRates[g++] * factor;
                    using var scope = NewDisposeScope();
                    var batch = order.AsSpan(start, Math.Min(BatchSize, n - start));
                    var x = ClassifierInput.Batch(train, windows, batch, net.InputSize).to(device);
                    var y = ClassifierInput.Labels(train, batch).to(device);
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(net.forward(x), y);
                    loss.backward();
                    optimizer.step();
                    finalLoss = loss.item<float>();
                    step++;
                    if (!double.IsFinite(finalLoss))
                        throw new InvalidOperationException($"pretraining {settings}: the loss became {finalLoss} at update {step} of {steps}");
                    progress?.Invoke(new PretrainingProgress(epoch + 1, settings.Epochs, step, steps, finalLoss, clock.Elapsed));
                }
            }
            seconds = clock.Elapsed.TotalSeconds;
            net.eval();
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>The fraction of the first <paramref name="count"/> items of <paramref name="test"/> the classifier labels correctly.</summary>
    public static double Accuracy(Classifier net, ClassificationSet test, int count, FashionWindows? windows = null)
    {
        int n = Math.Min(count, test.Count);
        if (n < 1) throw new ArgumentException($"{test.Name}: no test images to measure accuracy on");
        var device = Devices.Of(net);
        bool training = net.training;
        net.eval();
        long correct = 0;
        using (no_grad())
            for (int start = 0; start < n; start += 100)
            {
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(100, n - start)).ToArray();
                var x = ClassifierInput.Batch(test, windows, indices, net.InputSize).to(device);
                var y = ClassifierInput.Labels(test, indices).to(device);
                correct += net.forward(x).argmax(1).eq(y).sum().item<long>();
            }
        if (training) net.train();
        return (double) correct / n;
    }

    static int EpochSeed(long seed, int epoch) =>
        unchecked((int) SampleRandom.Mix((ulong) seed * 0x9E3779B97F4A7C15UL + (ulong) epoch));
}
