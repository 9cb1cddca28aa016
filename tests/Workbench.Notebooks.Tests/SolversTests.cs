using Workbench.Fcn.Losses;
using Workbench.Fcn.Training;
using Workbench.Notebooks.Scales;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// Issue 12, item 1: paper scale runs each net's solver as fcn.berkeleyvision.org gives it (the default) or as
/// §4.3 does (`-p solver=paper`); below paper scale the notebooks keep their own recipe. And the dry-run knobs
/// (`-p iterations`, `-p width`) leave a real run as it is.
/// </summary>
public class SolversTests
{
    static readonly Scale Paper = Scale.Parse("paper");

    [Theory]
    [InlineData("voc-fcn32s", 1e-10)]
    [InlineData("voc-fcn16s", 1e-12)]
    [InlineData("voc-fcn8s", 1e-14)]
    [InlineData("nyud-fcn32s-color", 1e-10)]
    [InlineData("nyud-fcn32s-color-d", 1e-10)]
    [InlineData("nyud-fcn32s-hha", 1e-10)]
    [InlineData("nyud-fcn32s-color-hha", 1e-12)]
    [InlineData("siftflow-fcn32s", 1e-10)]
    [InlineData("siftflow-fcn16s", 1e-12)]
    [InlineData("siftflow-fcn8s", 1e-12)]
    [InlineData("pascalcontext-fcn8s", 1e-14)]
    public void The_reference_VGG16_nets_run_high_momentum_on_the_summed_loss(string net, double lr)
    {
        var s = Solvers.For("reference", net);
        Assert.Equal(lr, s.LearningRate);
        Assert.Equal((0.99, 5e-4, 1, LossNormalization.Sum), (s.Momentum, s.WeightDecay, s.IterSize, s.Normalization));
        Assert.Equal($"fcn.berkeleyvision.org {net}/solver.prototxt", s.Source);
    }

    [Fact]
    public void The_reference_updates_are_solve_pys_loop()
    {
        Assert.Equal(100_000, Solvers.For("reference", "voc-fcn32s").Iterations);            // 25 × step(4000)
        Assert.Equal(300_000, Solvers.For("reference", "voc-fcn8s-atonce").Iterations);      // 75 × step(4000)
        Assert.Equal(100_000, Solvers.For("reference", "nyud-fcn32s-color").Iterations);     // 50 × step(2000), max_iter 300000
        Assert.Equal(100_000, Solvers.For("reference", "siftflow-fcn16s").Iterations);       // 50 × step(2000)
        Assert.Equal(400_000, Solvers.For("reference", "pascalcontext-fcn32s").Iterations);  // 50 × step(8000)
    }

    [Fact]
    public void Fcn_alexnet_accumulates_20_images_on_the_normalized_loss_and_googlenet_falls_back_to_section_4_3()
    {
        var alexnet = Solvers.For("reference", "voc-fcn-alexnet");
        Assert.Equal((1e-4, 0.9, 20, LossNormalization.Mean), (alexnet.LearningRate, alexnet.Momentum, alexnet.IterSize, alexnet.Normalization));
        var googlenet = Solvers.For("reference", "voc-fcn-googlenet");
        Assert.Equal(Solvers.For("paper", "voc-fcn-googlenet") with { Name = "reference", Source = googlenet.Source }, googlenet);
        Assert.Contains("no reference solver", googlenet.Source);
    }

    [Theory]
    [InlineData("voc-fcn-alexnet", 1e-3)]
    [InlineData("voc-fcn32s", 1e-4)]
    [InlineData("voc-fcn-googlenet", 5e-5)]
    [InlineData("voc-fcn16s", 1e-6)]     // §4.2: the rate ÷ 100 for each skip stage
    [InlineData("voc-fcn8s", 1e-8)]
    [InlineData("nyud-fcn32s-color-hha", 1e-4)]
    [InlineData("nyud-fcn16s-color-hha", 1e-6)]
    public void Section_4_3_is_20_images_per_update_at_momentum_0_9_with_its_rate_per_backbone(string net, double lr)
    {
        var s = Solvers.For("paper", net);
        Assert.Equal(lr, s.LearningRate, 1e-20);
        Assert.Equal(("paper", 0.9, 5e-4, 20, LossNormalization.Mean), (s.Name, s.Momentum, s.WeightDecay, s.IterSize, s.Normalization));
        Assert.StartsWith("§4.3", s.Source);
    }

    [Fact]
    public void An_unknown_solver_or_net_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Solvers.For("caffe", "voc-fcn32s"));
        Assert.Contains("-p solver must be reference or paper, not 'caffe'", e.Message);
        var preset = Presets.Skips(Scale.Parse("smoke"));
        Assert.Contains("-p solver", Assert.Throws<ArgumentException>(() => Solvers.For(preset, "sgd", "voc-fcn32s")).Message);
        Assert.Contains("no solver for net 'voc-fcn4s'", Assert.Throws<ArgumentException>(() => Solvers.For("reference", "voc-fcn4s")).Message);
    }

    [Fact]
    public void Below_paper_scale_the_notebooks_recipe_trains_as_before()
    {
        // A preset without the miniature (every notebook's is one now; a user's own need not be).
        var smoke = new TrainingScale(Scale.Parse("smoke"), 12, 4, 64, 64, 1.0 / 32, 25, 1e-3);
        var s = Solvers.For(smoke, "reference", "voc-fcn32s");
        // What notebook 02 set by hand before the solver table: lr the preset's, momentum 0.9, decay 5e-4, the loss averaged.
        var before = new TrainerOptions
        {
            LearningRate = new LearningRate.Fixed(smoke.LearningRate), Momentum = 0.9, WeightDecay = 5e-4, MaxIterations = smoke.Updates,
            Normalization = LossNormalization.Mean, Seed = 7,
        };
        Assert.Equal(before, s.Options(7));
        Assert.Equal(s, Solvers.For(smoke, "paper", "voc-fcn-alexnet"));   // the choice is paper scale's only
        Assert.Equal(Presets.Nyud(Scale.Parse("small")).LearningRate, Solvers.For(Presets.Nyud(Scale.Parse("small")), "reference", "nyud-fcn32s-hha").LearningRate);
    }

    [Fact]
    public void The_miniature_decays_its_rate_and_drops_it_tenfold_per_skip_stage()
    {
        var small = Presets.Skips(Scale.Parse("small"));
        var mini = small.Miniature!;
        var fcn32 = Solvers.For(small, "reference", "voc-fcn32s");
        var fcn16 = Solvers.For(small, "reference", "voc-fcn16s");
        var fcn8 = Solvers.For(small, "reference", "voc-fcn8s");
        Assert.Equal(new[] { 1e-2, 1e-3, 1e-4 }, new[] { fcn32.LearningRate, fcn16.LearningRate, fcn8.LearningRate }, new ToleranceComparer(1e-15));
        Assert.Equal(small.Updates, fcn32.Iterations);
        Assert.Equal(mini.SkipStageUpdates, fcn16.Iterations);
        Assert.Equal(new LearningRate.Poly(1e-2, 0.9), fcn32.Options(0).LearningRate);
        Assert.Contains("poly (power 0.9", fcn32.ToString());
        Assert.Contains("lr ÷ 10 for skip stage 1", fcn16.ToString());
        // A dry run's iterations replace every stage's, the skip stages' too.
        Assert.Equal(3, Solvers.For(small.WithDryRun(3, 0), "reference", "voc-fcn8s").Iterations);
        Assert.Equal(0, Solvers.For(new TrainingScale(Scale.Parse("small"), 200, 50, 128, 128, 1.0 / 8, 600, 1e-4), "reference", "voc-fcn32s").PolyPower);   // without the miniature: as before
        // 02's backbones: each FCN-32s as the first stage, whatever its trunk; FCN-AlexNet at its own measured rate.
        var backbones = Presets.Backbones(Scale.Parse("small"));
        foreach (var (net, lr) in new[] { ("voc-fcn-alexnet", 3e-3), ("voc-fcn32s", 1e-2), ("voc-fcn-googlenet", 1e-2) })
        {
            var sv = Solvers.For(backbones, "reference", net);
            Assert.Equal((lr, 0.9, 2000L), (sv.LearningRate, sv.PolyPower, sv.Iterations));
        }
        Assert.Contains("FCN-AlexNet's own rate", Solvers.For(backbones, "reference", "voc-fcn-alexnet").ToString());
        Assert.Equal(1e-2, Solvers.For(small, "reference", "voc-fcn-alexnet").LearningRate);   // without AlexNetRate: the preset's
        // The classifiers: VGG16 as every measurement's, AlexNet and GoogLeNet on twice the windows.
        Assert.Equal((3000, 3), (mini.Classifier(Scale.Parse("small"), "vgg16", 0.125).Images, mini.Classifier(Scale.Parse("small"), "vgg16", 0.125).Epochs));
        foreach (var b in new[] { "alexnet", "googlenet" })
            Assert.Equal((6000, 4), (mini.Classifier(Scale.Parse("small"), b, 0.125).Images, mini.Classifier(Scale.Parse("small"), b, 0.125).Epochs));
    }

    [Fact]
    public void The_miniatures_rule_slows_conv1_and_leaves_out_what_the_inner_rule_leaves_out()
    {
        using var net = Workbench.Fcn.Models.ModelZoo.Create("fcn32s", 11, 1.0 / 32);
        var rule = new Miniature(64).Rule((name, p) => name.StartsWith("score_fr.") || name.StartsWith("conv1") ? ParameterGroups.Reference(name, p) : null);
        var ps = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(new Multipliers(1e-4, 1), rule("conv1_1.weight", ps["conv1_1.weight"]));
        Assert.Equal(new Multipliers(2e-4, 0), rule("conv1_2.bias", ps["conv1_2.bias"]));
        Assert.Equal(new Multipliers(1, 1), rule("score_fr.weight", ps["score_fr.weight"]));
        Assert.Null(rule("fc7.weight", ps["fc7.weight"]));
        Assert.Equal(new Multipliers(1, 1), new Miniature(64).Rule()("fc7.weight", ps["fc7.weight"]));   // no inner rule: the reference's
    }

    [Fact]
    public void The_miniatures_rule_finds_conv1_in_each_stream_of_a_late_fusion_net()
    {
        using var net = new Workbench.Fcn.Models.LateFusionFcn(Workbench.Fcn.Models.ModelZoo.Create("fcn32s", 11, 1.0 / 32), Workbench.Fcn.Models.ModelZoo.Create("fcn32s", 11, 1.0 / 32));
        var rule = new Miniature(64).Rule();
        var ps = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(new Multipliers(1e-4, 1), rule("color.conv1_1.weight", ps["color.conv1_1.weight"]));
        Assert.Equal(new Multipliers(1e-4, 1), rule("other.conv1_2.weight", ps["other.conv1_2.weight"]));
        Assert.Equal(new Multipliers(1, 1), rule("other.conv2_1.weight", ps["other.conv2_1.weight"]));
    }

    [Fact]
    public void A_net_started_from_trained_nets_drops_the_rate_once_more_for_a_skip_stages_updates()
    {
        var small = Presets.Nyud(Scale.Parse("small"));
        var mini = small.Miniature!;
        var late32 = mini.FromTrained(Solvers.For(small, "reference", "nyud-fcn32s-color-hha"));
        var late16 = mini.FromTrained(Solvers.For(small, "reference", "nyud-fcn16s-color-hha"));
        Assert.Equal(new[] { 1e-3, 1e-4 }, new[] { late32.LearningRate, late16.LearningRate }, new ToleranceComparer(1e-15));
        Assert.Equal(new[] { (long) mini.SkipStageUpdates, mini.SkipStageUpdates }, new[] { late32.Iterations, late16.Iterations });
        Assert.Contains("starts from trained nets", late32.ToString());
        Assert.Equal(small.Updates, Solvers.For(small, "reference", "nyud-fcn32s-color").Iterations);
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double x) => 0;
    }

    [Fact]
    public void The_solver_becomes_the_trainers_options_and_prints_its_source()
    {
        var s = Solvers.For("reference", "voc-fcn-alexnet");
        var o = s.Options(3);
        Assert.Equal((1e-4, 0.9, 5e-4, 20, LossNormalization.Mean, 100_000L, 3L),
            (o.LearningRate.Base, o.Momentum, o.WeightDecay, o.IterSize, o.Normalization, o.MaxIterations, o.Seed));
        Assert.IsType<LearningRate.Fixed>(o.LearningRate);
        Assert.Equal("solver reference (fcn.berkeleyvision.org voc-fcn32s/solver.prototxt): lr 1e-10 fixed, momentum 0.99, weight decay 0.0005, " +
                     "1 image per update, loss summed over pixels, 100,000 updates", Solvers.For("reference", "voc-fcn32s").ToString());
    }

    [Theory]
    [InlineData("02", "voc-fcn32s")]
    [InlineData("03", "voc-fcn16s")]
    [InlineData("05", "nyud-fcn32s-color")]
    [InlineData("06", "siftflow-fcn32s")]
    public void The_presets_paper_updates_are_the_references(string notebook, string net)
    {
        var preset = notebook switch { "02" => Presets.Backbones(Paper), "03" => Presets.Skips(Paper), "05" => Presets.Nyud(Paper), _ => Presets.SiftFlow(Paper) };
        Assert.Equal(Solvers.For("reference", net).Iterations, preset.Updates);
        Assert.Equal(preset.Updates, Solvers.For(preset, "reference", net).Iterations);
    }

    [Fact]
    public void The_dry_run_knobs_change_nothing_at_zero_and_mark_the_run_unjudged_otherwise()
    {
        var paper = Presets.Skips(Paper);
        Assert.Equal(paper, paper.WithDryRun(0, 0));
        Assert.True(paper.Judged);
        var dry = paper.WithDryRun(2, 1.0 / 32);
        Assert.Equal((2, 1.0 / 32, true, false), (dry.Updates, dry.NetWidth, dry.DryRun, dry.Judged));
        Assert.Equal(2, Solvers.For(dry, "reference", "voc-fcn8s").Iterations);
        Assert.Equal(1e-14, Solvers.For(dry, "reference", "voc-fcn8s").LearningRate);
        Assert.Equal(100_000, Solvers.For(paper.WithDryRun(0, 0.5), "reference", "voc-fcn8s").Iterations);
        Assert.Contains("a dry run", dry.ToString());
        Assert.False(Presets.Skips(Scale.Parse("smoke")).Judged);
        Assert.True(Presets.Skips(Scale.Parse("small")).Judged);
    }

    [Theory]
    [InlineData(-1, 0, "-p iterations=-1")]
    [InlineData(0, -0.5, "-p width=-0.5")]
    [InlineData(0, 2, "-p width=2")]
    [InlineData(0, double.NaN, "-p width=NaN")]
    public void A_dry_run_knob_out_of_range_is_named(int iterations, double width, string named)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Presets.Skips(Paper).WithDryRun(iterations, width));
        Assert.Contains(named, e.Message);
    }
}
