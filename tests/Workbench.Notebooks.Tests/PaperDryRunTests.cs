using System.Text.Json.Nodes;
using Workbench.Notebooks.Runner;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// Issue 12, item 4: every notebook runs at `scale=paper` on every change, without the data. The training
/// notebooks read tiny trees in the real layouts (tests/fixtures/datasets/paper, make_paper_fixtures.py) and
/// fine-tune from the ILSVRC classifiers' real file names and format at 1/32 width
/// (tests/fixtures/weights/classifiers-w1_32, make_classifier_fixtures.py), for two updates per net
/// (`-p iterations=2 -p width=0.03125`, the dry-run knobs) — so loading, the solvers, the stages,
/// evaluation and the results are the paper path's own. 01 reads the VOC tree; 07–09 have no paper path (below).
/// </summary>
public sealed class PaperDryRunTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-dryrun-");

    public void Dispose() => dir.Dispose();

    static string Data(string path) => Path.Combine(TestRepo.Fixtures("datasets", "paper"), path);
    static string Weights(string file) => Path.Combine(TestRepo.Fixtures("weights", "classifiers-w1_32"), file);
    static readonly string[] DryRun = { "iterations=2", "width=0.03125" };
    static readonly string Vgg = "vggWeights=" + Weights("VGG_ILSVRC_16_layers.caffemodel");

    /// <summary>Runs NOTEBOOK at scale paper with PARAMETERS; returns its results JSON and everything its cells printed.</summary>
    (JsonObject Run, string Printed) RunPaper(string notebook, params string[] parameters)
    {
        var output = Path.Combine(dir, notebook + ".ipynb");
        var args = new List<string> { "run", Path.Combine(Repo.Root, "notebooks", notebook + ".ipynb"), "-p", "scale=paper", "-o", output };
        foreach (var p in parameters) args.AddRange(new[] { "-p", p });
        var r = WorkbenchCli.Run(args.ToArray());
        var json = File.Exists(Path.ChangeExtension(output, ".json"))
            ? (JsonObject) JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(output, ".json")))! : new JsonObject();
        Assert.True(r.Code == 0 && (string?) json["status"] == "ok",
            $"{notebook} at scale paper did not finish ok (exit {r.Code}, status {json["status"]}): {json["error"]?.ToJsonString()}\n{r.Out}\n{r.Err}");
        var printed = string.Concat(JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? new JsonArray())
            .Where(o => (string?) o!["output_type"] == "stream")
            .Select(o => NotebookDocument.Text(o!["text"])));
        return (json, printed);
    }

    static JsonObject Results(JsonObject run) => (JsonObject) run["results"]!;

    static void HasKeys(string notebook, JsonObject results, params string[] keys)
    {
        foreach (var key in keys)
            Assert.True(results.ContainsKey(key), $"{notebook}: the results JSON has no '{key}' (has: {string.Join(", ", results.Select(kv => kv.Key).Take(40))})");
        Assert.True(results.ContainsKey("finding_1.verdict"), $"{notebook}: no verdict recorded");
    }

    static void Printed(string notebook, string printed, params string[] lines)
    {
        foreach (var line in lines)
            Assert.True(printed.Contains(line), $"{notebook}: the run did not print \"{line}\"; it printed:\n{printed}");
    }

    [Fact]
    public void Iu_upper_bounds_read_voc2011_seg11valid()
    {
        var (run, printed) = RunPaper("01-iu-upper-bounds", "vocRoot=" + Data("voc/VOC2011"));
        HasKeys("01", Results(run), "mean_iu_majority_f4", "mean_iu_majority_f128", "mean_iu_centre_f32", "images", "source");
        Assert.Equal(2, (int) Results(run)["images"]!);
        Printed("01", printed, "2 PASCAL VOC 2011 seg11valid label maps");
    }

    [Theory]
    [InlineData("voc2011", "voc: 2 train / 2 test images")]   // the default: Table 1 trained on VOC2011 train
    [InlineData("sbd", "sbd: 2 train / 2 test images")]
    public void Backbones_train_from_the_three_classifiers_with_their_reference_solvers(string trainSet, string data)
    {
        var (run, printed) = RunPaper("02-backbones", [.. DryRun, "trainSet=" + trainSet, "sbdRoot=" + Data("sbd/dataset"), "vocRoot=" + Data("voc/VOC2011"),
            "alexnetWeights=" + Weights("bvlc_reference_caffenet.caffemodel"), Vgg, "googlenetWeights=" + Weights("bvlc_googlenet.caffemodel")]);
        var results = Results(run);
        Assert.Equal(trainSet, (string) results["train_set"]!);
        HasKeys("02", results, "alexnet_mean_iu", "vgg16_mean_iu", "googlenet_mean_iu", "vgg16_params", "googlenet_forward_ms", "background_only_mean_iu");
        Assert.True((bool) results["dry_run"]!);
        Assert.Contains("lr 1e-10 fixed, momentum 0.99", (string) results["vgg16_solver"]!);
        Assert.Contains("20 images per update, loss averaged", (string) results["alexnet_solver"]!);
        Printed("02", printed, data,
            "FCN-VGG16: solver reference (fcn.berkeleyvision.org voc-fcn32s/solver.prototxt): lr 1e-10 fixed, momentum 0.99, weight decay 0.0005, 1 image per update, loss summed over pixels, 2 updates",
            "FCN-AlexNet: solver reference (fcn.berkeleyvision.org voc-fcn-alexnet/solver.prototxt): lr 1e-4 fixed, momentum 0.9",
            "FCN-GoogLeNet: solver reference (no reference solver for FCN-GoogLeNet: §4.3's): lr 5e-5");
    }

    [Fact]
    public void Skip_architectures_train_in_stages_and_drop_the_rate_as_the_reference()
    {
        var submission = Path.Combine(dir, "submission");
        // A published FCN-8s as pytorch-fcn distributes it: a .pth state dict under the reference's names, recording nothing else.
        var published = Path.Combine(dir, "fcn8s_from_caffe.pth");
        using (var net = Workbench.Fcn.Models.ModelZoo.Create("fcn8s", 21, 1.0 / 32))
            Workbench.Weights.WeightsFile.Write(net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value), published);
        var (run, printed) = RunPaper("03-skip-architectures", [.. DryRun, "sbdRoot=" + Data("sbd/dataset"), "vocRoot=" + Data("voc/VOC2011"), Vgg,
            "vocTestRoot=" + Data("voc-test/VOC2012"), "submissionDir=" + submission, "publishedWeights=" + published]);
        var results = Results(run);
        HasKeys("03", results, "published.mean_iu", "published.fw_iu");
        // Table 3: FCN-8s's predictions on the test images, in the server's tree and archive.
        Assert.Equal(2, (int) results["table3.images"]!);
        Assert.True(File.Exists(Path.Combine(submission, "paper", "results", "VOC2012", "Segmentation", "comp6_test_cls", "2008_000011.png")));
        Assert.True(File.Exists(Path.Combine(submission, "paper", "comp6-VOC2012-test.tar.gz")));
        HasKeys("03", results, "FCN-32s-fixed.mean_iu", "FCN-32s.mean_iu", "FCN-16s.fw_iu", "FCN-8s.pixel_acc", "FCN-8s.boundary_acc", "FCN-8s.boundary_mean_iu", "updates_per_stage");
        Assert.Equal(2, (int) results["updates_per_stage"]!);
        Assert.Contains("voc-fcn16s/solver.prototxt): lr 1e-12", (string) results["FCN-16s (from FCN-32s).solver"]!);
        Assert.Contains("voc-fcn8s/solver.prototxt): lr 1e-14", (string) results["FCN-8s (from FCN-16s).solver"]!);
        Assert.Contains("voc-fcn8s-atonce/solver.prototxt): lr 1e-10", (string) results["FCN-8s at once (from the classifier).solver"]!);
        HasKeys("03", results, "FCN-8s at once.mean_iu", "FCN-8s at once.boundary_acc", "FCN-8s at once.boundary_mean_iu");
        Printed("03", printed, "sbd: 2 train / 2 test images, 21 classes", "FCN-32s: solver reference (fcn.berkeleyvision.org voc-fcn32s/solver.prototxt): lr 1e-10");
    }

    [Fact]
    public void Skip_architectures_run_table_6_on_pascal_context_with_its_reference_solvers()
    {
        var (run, printed) = RunPaper("03-skip-architectures", [.. DryRun, "dataset=pascal-context", "contextVocRoot=" + Data("pascal-context/VOC2010"),
            "contextRoot=" + Data("pascal-context"), Vgg]);
        var results = Results(run);
        HasKeys("03", results, "FCN-32s.mean_iu", "FCN-8s.mean_iu", "FCN-8s at once.fw_iu");
        Assert.Equal("pascal-context", (string) results["dataset"]!);
        Assert.Contains("pascalcontext-fcn16s/solver.prototxt): lr 1e-12", (string) results["FCN-16s (from FCN-32s).solver"]!);
        Assert.Contains("pascalcontext-fcn8s/solver.prototxt): lr 1e-14", (string) results["FCN-8s (from FCN-16s).solver"]!);
        Assert.False(results.ContainsKey("table3.images"), "Table 3 is VOC's test set");
        Printed("03", printed, "pascal-context: 2 train / 1 test images, 60 classes", "Table 3 is VOC's test set");
    }

    [Fact]
    public void Loss_sampling_runs_fcn32s_reference_solver_at_each_keep_probability()
    {
        var (run, printed) = RunPaper("04-loss-sampling", [.. DryRun, "sbdRoot=" + Data("sbd/dataset"), Vgg]);
        var results = Results(run);
        HasKeys("04", results, "p=1.loss", "p=0.5.held_out_mean_iu", "p=0.25.images_per_update", "solver");
        Assert.Equal(4, (int) results["p=0.25.images_per_update"]!);
        Printed("04", printed, "sbd: 2 training images, 21 classes",
            "solver reference (fcn.berkeleyvision.org voc-fcn32s/solver.prototxt): lr 1e-10 fixed, momentum 0.99, weight decay 0.0005, 1 image per update, loss summed over pixels, 2 updates");
    }

    [Fact]
    public void Nyud_trains_five_nets_and_late_fusion_from_the_trained_streams()
    {
        var (run, printed) = RunPaper("05-nyud", [.. DryRun, "nyudRoot=" + Data("nyud"), Vgg]);
        var results = Results(run);
        HasKeys("05", results, "FCN-32s RGB.mean_iu", "FCN-32s RGBD.mean_iu", "FCN-32s HHA.fw_iu", "FCN-32s RGB-HHA.pixel_acc", "FCN-16s RGB-HHA.mean_acc", "iterations");
        Assert.Contains("nyud-fcn32s-color-hha/solver.prototxt): lr 1e-12", (string) results["FCN-32s RGB-HHA.solver"]!);
        Assert.Contains("lr 1e-14", (string) results["FCN-16s RGB-HHA.solver"]!);
        Printed("05", printed, "nyud: 2 train / 1 test images, 40 classes", "FCN-32s RGBD: solver reference (fcn.berkeleyvision.org nyud-fcn32s-color-d/solver.prototxt): lr 1e-10");
    }

    [Fact]
    public void Sift_flow_trains_the_two_headed_net_and_the_two_nets_with_section_4_3s_solver_when_asked()
    {
        var (run, printed) = RunPaper("06-sift-flow", [.. DryRun, "siftFlowRoot=" + Data("sift-flow"), Vgg, "solver=paper"]);
        var results = Results(run);
        HasKeys("06", results, "two_headed.mean_iu", "two_headed.geom_acc", "two_nets.mean_iu", "two_nets.inference_ms", "solver");
        Assert.Equal("paper", (string) run["parameters"]!["solver"]!);
        Printed("06", printed, "siftflow: 2 train / 1 test images, 33 semantic + 3 geometric classes",
            "solver paper (§4.3): lr 1e-4 fixed, momentum 0.9, weight decay 0.0005, 20 images per update, loss averaged over pixels, 2 updates");
    }

    [Fact]
    public void Sift_flow_trains_each_fcn16s_from_its_fcn32s_as_the_reference()
    {
        var (run, printed) = RunPaper("06-sift-flow", [.. DryRun, "siftFlowRoot=" + Data("sift-flow"), Vgg]);
        var results = Results(run);
        Assert.Contains("siftflow-fcn32s/solver.prototxt): lr 1e-10", (string) results["solver"]!);
        Assert.Contains("siftflow-fcn16s/solver.prototxt): lr 1e-12", (string) results["solver_16s"]!);
        Printed("06", printed, "TwoHeadedFcn32s: trunk from", "Fcn32s: trunk from", "then, from the trained FCN-32s: solver reference");
        Assert.DoesNotContain("TwoHeadedFcn16s: trunk from", printed);   // the FCN-16s start from the trained FCN-32s, not the classifier
    }

    /// <summary>
    /// 07–09 have no paper path to dry-run: their paper scale only enlarges the synthetic inputs (07's 48×48 grid,
    /// 08's 500×500 image, 09's 2,000 steps; 80 s, 15 s and 27 s here), on the code their smoke runs execute in
    /// every `make test`. Should one of them grow a branch of its own for scale paper, this fails: give it a dry run.
    /// </summary>
    [Theory]
    [InlineData("07-convolutionalization")]
    [InlineData("08-shift-and-stitch")]
    [InlineData("09-upsampling-is-deconvolution")]
    public void The_identity_notebooks_have_no_paper_path_of_their_own(string notebook)
    {
        var code = string.Concat(JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "notebooks", notebook + ".ipynb")))!["cells"]!.AsArray()
            .Where(c => (string?) c!["cell_type"] == "code").SelectMany(c => c!["source"]!.AsArray().Select(l => (string?) l)));
        Assert.DoesNotContain("IsPaper", code);
        Assert.DoesNotContain("Root", code);     // no data roots
        Assert.DoesNotContain("Weights", code);  // no weights files
    }
}
