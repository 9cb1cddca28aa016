using Workbench.Fcn.Models;
using Workbench.Fcn.Classifiers;
using Workbench.Fcn.Weights;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Classification;
using Workbench.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>§3.1 at CPU scale: classifiers on the FCN trunks, their sheets, their cache and their convolutionalization.</summary>
public class PretrainingTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fcn-pretrain-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Ten 28×28 items, one per class, each a distinct pattern.</summary>
    static ClassificationSet Toy(int count = 10)
    {
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte) (i % 10);
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    pixels[i * 784 + y * 28 + x] = (byte) ((x + y * (i % 10 + 1)) % 7 == 0 ? 255 : 20 * (i % 10));
        }
        return new ClassificationSet("toy", 28, 28, pixels, labels, FashionMnist.ClassNames);
    }

    [Theory]
    [InlineData("vgg16", 224)]
    [InlineData("alexnet", 227)]
    [InlineData("googlenet", 224)]
    public void The_input_size_is_where_the_trunk_top_is_one_cell(string backbone, long size)
    {
        using var net = new Classifier(backbone, 1.0 / 32);
        Assert.Equal(size, net.InputSize);
        Assert.Equal(32, net.Pitch);
        using var x = randn(2, 3, size, size);
        using var top = net.Trunk.forward(x);
        Assert.Equal(new long[] { 2, net.Trunk.TopChannels, 1, 1 }, top.shape);
        using var scores = net.forward(x);
        Assert.Equal(new long[] { 2, 10 }, scores.shape);
        var e = Assert.Throws<ArgumentException>(() => net.forward(randn(1, 3, size + 1, size + 1)));
        Assert.Contains($"{size}, {size}", e.Message);
    }

    [Fact]
    public void The_dense_pass_at_its_only_cell_is_the_classifier_and_larger_inputs_give_a_map_at_the_stride()
    {
        manual_seed(1);
        using var net = new Classifier("alexnet", 1.0 / 32);
        net.Initialize(ClassifierInput.Scale);
        net.eval();
        using var one = ClassifierInput.Batch(Toy(), new[] { 3 }, net.InputSize);
        using var a = net.forward(one);
        using var b = net.DenseScores(one);
        Assert.Equal(new long[] { 1, 10, 1, 1 }, b.shape);
        Assert.True((a - b[.., .., 0, 0]).abs().max().item<float>() < 1e-5f);
        using var wide = net.DenseScores(randn(1, 3, net.InputSize + 2 * net.Pitch, net.InputSize + net.Pitch));
        Assert.Equal(new long[] { 1, 10, 3, 2 }, wide.shape);
    }

    [Fact]
    public void Batches_are_grey_in_bgr_minus_the_voc_mean()
    {
        var set = Toy();
        using var x = ClassifierInput.Batch(set, new[] { 2 }, 28);
        byte v = set.Image(2)[5];
        for (int c = 0; c < 3; c++) Assert.Equal(v - Means.VocBgr[c], x[0, c, 0, 5].item<float>(), 3);
        using var large = ClassifierInput.Batch(set, new[] { 2, 3 }, 224);
        Assert.Equal(new long[] { 2, 3, 224, 224 }, large.shape);
        // Upsampled ×8 bilinearly: a pixel's centre keeps its value where its neighbours share it.
        Assert.Equal(set.Image(2)[0] - Means.VocBgr[0], large[0, 0, 0, 0].item<float>(), 3);
    }

    [Theory]
    [InlineData("vgg16", "fcn32s")]
    [InlineData("alexnet", "fcn-alexnet")]
    [InlineData("googlenet", "fcn-googlenet")]
    public void Convolutionalized_the_classifier_is_the_fcn_score_at_the_centre_and_every_trunk_key_transfers(string backbone, string model)
    {
        manual_seed(2);
        using var classifier = new Classifier(backbone, 1.0 / 32);
        classifier.Initialize(ClassifierInput.Scale);
        using (no_grad())
            foreach (var p in classifier.parameters()) p.add_(randn_like(p) * 0.01); // no zero biases: every key must really move
        classifier.eval();
        var path = Path.Combine(dir, backbone + ".pth");
        classifier.SaveAsClassifier(path);

        // The file holds a classifier's inner products (2-D fc6/fc7/fc8); the FCN's are convolutions.
        var file = WeightsFile.Load(path);
        Assert.Equal(2, file["fc8.weight"].ndim);
        if (backbone != "googlenet") Assert.Equal(2, file["fc6.weight"].ndim);

        using var fcn = ModelZoo.Create(model, 10, 1.0 / 32);
        var unused = Surgery.FromClassifier(fcn, path);
        Assert.Equal(new[] { "fc8.bias", "fc8.weight" }, unused.OrderBy(k => k));
        var trunk = fcn.Trunk.state_dict();
        Assert.Equal(file.Keys.Where(k => !k.StartsWith("fc8")).OrderBy(k => k), trunk.Keys.OrderBy(k => k));
        foreach (var (key, t) in trunk)
            Assert.True(t.flatten().allclose(file[key].flatten(), 0, 0), $"{key} was not copied");

        // The FCN's convolutions, run with the classifier's conv1 padding (the FCN's 100 only moves
        // the output grid), compute the classifier exactly: its fc7 is one cell, and fc8 as a 1×1
        // score layer on it gives the classifier's scores. On a larger input the same weights give
        // a map of such scores at the trunk's stride — the dense pass of §3.1.
        Backbones.Backbone convolutionalized = backbone switch
        {
            "vgg16" => new Backbones.Vgg16(1.0 / 32, conv1Padding: 1),
            "alexnet" => new Backbones.AlexNet(1.0 / 32, conv1Padding: 0),
            _ => new Backbones.GoogLeNet(1.0 / 32, averagePool: true, conv1Padding: 3),
        };
        using (convolutionalized)
        {
            convolutionalized.load_state_dict(trunk);   // the FCN's trunk weights, key for key
            convolutionalized.eval();
            fcn.eval();
            using var x = randn(1, 3, classifier.InputSize, classifier.InputSize) * 50;
            using var expected = classifier.forward(x);
            using var top = convolutionalized.forward(x);
            Assert.Equal(new long[] { 1, fcn.Trunk.TopChannels, 1, 1 }, top.shape);
            var fc8 = file["fc8.weight"];
            using var score = nn.functional.conv2d(top, fc8.reshape(fc8.shape[0], fc8.shape[1], 1, 1), file["fc8.bias"]);
            Assert.True((score.flatten() - expected.flatten()).abs().max().item<float>() < 1e-4f * (1 + expected.abs().max().item<float>()));
            using var fcnTop = fcn.Trunk.forward(x);   // the FCN itself: any size, a grid of cells
            Assert.True(fcnTop.shape[2] > 1);
        }
        foreach (var t in file.Values) t.Dispose();
    }
}


/// <summary>The whole pretraining path on the tiny IDX fixtures: train, evaluate, cache, reuse, and determinism from the seed.</summary>
public class PretrainingCacheTests : IDisposable
{
    static readonly string Root = Path.Combine(AppContext.BaseDirectory, "fixtures", "fashion-mnist");
    readonly string dir = Directory.CreateTempSubdirectory("fcn-pretrain-cache-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_second_call_with_the_same_settings_reuses_the_file_and_reports_the_first_training_time()
    {
        var settings = new PretrainingSettings("alexnet", 1.0 / 32, 5, 1, 3);
        var steps = new List<PretrainingProgress>();
        var first = Pretraining.Cached(settings, CPU, steps.Add, Path.Combine(dir, "a"), Root);
        Assert.False(first.Cached);
        Assert.True(File.Exists(first.WeightsPath));
        Assert.Equal("alexnet-w0.03125-n5-e1-s3-r1.pth", Path.GetFileName(first.WeightsPath));
        var only = Assert.Single(steps);                      // 5 images, batch 16: one update
        Assert.Equal((1L, 1L), (only.Step, only.Steps));
        Assert.Equal(2, first.TestImages);                    // the fixture's whole test split
        Assert.InRange(first.TestAccuracy, 0, 1);
        Assert.Equal(227, first.InputSize);
        var bytes = File.ReadAllBytes(first.WeightsPath);

        steps.Clear();
        var again = Pretraining.Cached(settings, CPU, steps.Add, Path.Combine(dir, "a"), Root);
        Assert.True(again.Cached);
        Assert.Empty(steps);                                  // nothing trained
        Assert.Equal(first.WeightsPath, again.WeightsPath);
        Assert.Equal(first.TrainSeconds, again.TrainSeconds);
        Assert.Equal(first.TestAccuracy, again.TestAccuracy);
        Assert.Equal(bytes, File.ReadAllBytes(again.WeightsPath));

        // Other settings are another file; the same settings elsewhere train the same weights.
        var other = Pretraining.Cached(settings with { Seed = 4 }, CPU, null, Path.Combine(dir, "a"), Root);
        Assert.False(other.Cached);
        Assert.NotEqual(first.WeightsPath, other.WeightsPath);
        var twin = Pretraining.Cached(settings, CPU, null, Path.Combine(dir, "b"), Root);
        Assert.False(twin.Cached);
        var a = WeightsFile.Load(first.WeightsPath);
        var b = WeightsFile.Load(twin.WeightsPath);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var k in a.Keys) Assert.True(a[k].allclose(b[k], 0, 0), $"{k} differs between two runs with seed 3");
    }

    [Fact]
    public void In_context_pretraining_is_its_own_cache_entry_and_sees_the_windows()
    {
        var settings = new PretrainingSettings("alexnet", 1.0 / 32, 5, 1, 3, SceneSide: 64);
        var r = Pretraining.Cached(settings, CPU, null, dir, Root);
        Assert.Equal("alexnet-w0.03125-n5-e1-s3-c64-r1.pth", Path.GetFileName(r.WeightsPath));
        Assert.Contains("in context (scenes of 64²)", r.Settings.ToString());
        Assert.Equal(64, r.Settings.SceneSide);
        Assert.True(Pretraining.Cached(settings, CPU, null, dir, Root).Cached);
        // It starts from the frame-filling classifier of the same settings, which the first call cached on
        // the way (its time is part of the in-context run's), and trains on from there.
        var plain = Pretraining.Cached(settings with { SceneSide = 0 }, CPU, null, dir, Root);
        Assert.True(plain.Cached);
        Assert.True(r.TrainSeconds >= plain.TrainSeconds);
        Assert.NotEqual(File.ReadAllBytes(r.WeightsPath), File.ReadAllBytes(plain.WeightsPath));
        // The batch the classifier trains on is the windows, at its input size.
        var train = FashionMnist.Shared(Root, "train");
        var windows = Pretraining.TrainWindows(settings, train, 227)!;
        using var batch = ClassifierInput.Batch(train, windows, new[] { 0, 4 }, 227);
        Assert.Equal(new long[] { 2, 3, 227, 227 }, batch.shape);
        using var first = windows.Render(4).ToTensor();
        Assert.True(batch[1].allclose(first, 0, 0));
        Assert.Contains("the classifier takes 224×224", Assert.Throws<ArgumentException>(() => ClassifierInput.Batch(train, windows, new[] { 0 }, 224)).Message);
    }

    [Fact]
    public void Settings_outside_their_ranges_are_refused_before_any_work_naming_the_option_and_range()
    {
        Assert.Contains("--in-context must be 0 (items filling the frame) or a scene side of 32 to 4096", Assert.ThrowsAny<ArgumentException>(() =>
            new PretrainingSettings("vgg16", 0.125, 10, 1, 0, 16).Validate()).Message);
        Assert.Contains("--backbone must be one of vgg16, alexnet, googlenet", Assert.Throws<ArgumentException>(() =>
            new PretrainingSettings("resnet", 0.125, 10, 1, 0).Validate()).Message);
        Assert.Contains("--width must be between 1/64", Assert.ThrowsAny<ArgumentException>(() =>
            new PretrainingSettings("vgg16", 2, 10, 1, 0).Validate()).Message);
        Assert.Contains("--images must be between 1 and 60000", Assert.ThrowsAny<ArgumentException>(() =>
            new PretrainingSettings("vgg16", 0.125, 0, 1, 0).Validate()).Message);
        Assert.Contains("--epochs must be between 1 and 100", Assert.ThrowsAny<ArgumentException>(() =>
            new PretrainingSettings("vgg16", 0.125, 10, 0, 0).Validate()).Message);
        Assert.Contains("--images must be at most 5", Assert.ThrowsAny<ArgumentException>(() =>
            Pretraining.Cached(new PretrainingSettings("alexnet", 1.0 / 32, 6, 1, 0), CPU, null, dir, Root)).Message);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void A_smoke_classifier_transfers_into_every_fcn_of_its_backbone()
    {
        foreach (var (backbone, models) in new[] { ("vgg16", new[] { "fcn32s", "fcn16s", "fcn8s" }), ("googlenet", new[] { "fcn-googlenet" }) })
        {
            var r = Pretraining.Cached(PretrainingSettings.Smoke(backbone) with { Images = 5 }, CPU, null, dir, Root);
            foreach (var m in models)
            {
                using var net = ModelZoo.Create(m, 11, 1.0 / 32);
                Assert.Equal(new[] { "fc8.bias", "fc8.weight" }, Surgery.FromClassifier(net, r.WeightsPath).OrderBy(k => k));
            }
        }
    }
}
