using Workbench.Fcn.Models;
using Workbench.Fcn.Weights;
using Workbench.Notebooks.Scales;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// Issue 12, item 2: scale paper fine-tunes from the ILSVRC classifiers, so an empty, missing or
/// unreadable weights parameter stops the run before any data is read, naming the parameter, the
/// file and where to get it; smoke and small scales keep running without weights.
/// </summary>
public sealed class PaperScaleWeightsTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-paperweights-");

    public void Dispose() => dir.Dispose();

    static readonly Scale Paper = Scale.Parse("paper");

    [Theory]
    [InlineData("smoke")]
    [InlineData("small")]
    public void Below_paper_scale_an_empty_parameter_means_a_He_normal_start(string scale)
    {
        Assert.Null(ClassifierWeights.Require(Scale.Parse(scale), "vggWeights", "", "vgg16"));
        Assert.Equal("x.caffemodel", ClassifierWeights.Require(Scale.Parse(scale), "vggWeights", "x.caffemodel", "vgg16"));
    }

    [Theory]
    [InlineData("alexnet", "alexnetWeights", "data-scripts/fetch.sh caffenet ROOT", "bvlc_reference_caffenet.caffemodel")]
    [InlineData("vgg16", "vggWeights", "data-scripts/fetch.sh vgg16 ROOT", "VGG_ILSVRC_16_layers.caffemodel")]
    [InlineData("googlenet", "googlenetWeights", "data-scripts/fetch.sh googlenet ROOT", "bvlc_googlenet.caffemodel")]
    public void At_paper_scale_an_empty_parameter_names_itself_and_where_to_get_the_file(string backbone, string parameter, string fetch, string file)
    {
        var e = Assert.Throws<ArgumentException>(() => ClassifierWeights.Require(Paper, parameter, "", backbone));
        Assert.StartsWith($"-p {parameter} is empty", e.Message);
        Assert.Contains(fetch, e.Message);
        Assert.Contains($"-p {parameter}=ROOT/{file}", e.Message);
    }

    [Fact]
    public void At_paper_scale_a_missing_or_unreadable_file_is_named_and_a_real_one_passes()
    {
        var missing = Path.Combine(dir, "VGG_ILSVRC_16_layers.caffemodel");
        var e = Assert.Throws<FileNotFoundException>(() => ClassifierWeights.Require(Paper, "vggWeights", missing, "vgg16"));
        Assert.StartsWith($"-p vggWeights={missing}: no such file", e.Message);
        Assert.Contains("data-scripts/fetch.sh vgg16", e.Message);

        var junk = Path.Combine(dir, "weights.bin");
        File.WriteAllText(junk, "not weights");
        var bad = Assert.Throws<InvalidDataException>(() => ClassifierWeights.Require(Paper, "vggWeights", junk, "vgg16"));
        Assert.StartsWith($"-p vggWeights={junk}: cannot be read as weights", bad.Message);

        var real = Path.Combine(TestRepo.Fixtures("weights"), "net_layer.caffemodel");
        Assert.Equal(real, ClassifierWeights.Require(Paper, "vggWeights", real, "vgg16"));
        Assert.Throws<ArgumentException>(() => ClassifierWeights.Require(Paper, "w", real, "resnet"));
    }

    /// <summary>The dry run's classifiers (tests/fixtures/weights/classifiers-w1_32) fill every trunk parameter of the 1/32-width nets; only the classifier layers are left.</summary>
    [Theory]
    [InlineData("fcn32s", "VGG_ILSVRC_16_layers.caffemodel", "fc8.weight,fc8.bias")]
    [InlineData("fcn-alexnet", "bvlc_reference_caffenet.caffemodel", "fc8.weight,fc8.bias")]
    [InlineData("fcn-googlenet", "bvlc_googlenet.caffemodel", "loss1/conv.weight,loss1/conv.bias,loss3/classifier.weight,loss3/classifier.bias")]
    public void The_narrow_classifier_fixtures_load_into_the_narrow_nets(string model, string file, string unused)
    {
        var path = Path.Combine(TestRepo.Fixtures("weights", "classifiers-w1_32"), file);
        Assert.Equal(path, ClassifierWeights.Require(Paper, "w", path, model == "fcn32s" ? "vgg16" : model[4..]));
        using var net = ModelZoo.Create(model, numClasses: 21, width: 1.0 / 32);
        Assert.Equal(unused.Split(',').Order(), Surgery.FromClassifier(net, path).Order());
    }

    [Theory]
    [InlineData("02-backbones", "alexnetWeights")]
    [InlineData("03-skip-architectures", "vggWeights")]
    [InlineData("04-loss-sampling", "vggWeights")]
    [InlineData("05-nyud", "vggWeights")]
    [InlineData("06-sift-flow", "vggWeights")]
    public void A_paper_scale_notebook_without_classifier_weights_stops_before_reading_data(string notebook, string parameter)
    {
        // The data roots point nowhere: reaching them would fail with another message.
        var r = WorkbenchCli.Run("run", Path.Combine(Repo.Root, "notebooks", notebook + ".ipynb"), "-p", "scale=paper",
            "-o", Path.Combine(dir, notebook + ".ipynb"));
        Assert.Equal(1, r.Code);
        Assert.Contains($"-p {parameter} is empty: scale paper fine-tunes from the", r.Out + r.Err);
        Assert.Contains("data-scripts/fetch.sh", r.Out + r.Err);
    }
}
