using FsCheck;
using FsCheck.Fluent;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Metrics;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>
/// Issue 14, item 4: settings no run can use are refused before anything is built, with the range
/// accepted; a loss that stops being finite stops the run, naming the iteration and the last good
/// checkpoint; and ground truth outside the class count is counted, not dropped in silence.
/// </summary>
public class TrainingSafetyTests : RunFolderTest
{
    static readonly TrainerOptions Good = new() { LearningRate = new LearningRate.Fixed(1e-3), MaxIterations = 10 };

    public static TheoryData<string, TrainerOptions> Bad => new()
    {
        { "learning rate is NaN", Good with { LearningRate = new LearningRate.Fixed(double.NaN) } },
        { "learning rate is -0.1", Good with { LearningRate = new LearningRate.Fixed(-0.1) } },
        { "learning rate is 0;", Good with { LearningRate = new LearningRate.Fixed(0) } },
        { "learning rate is 1000", Good with { LearningRate = new LearningRate.Fixed(1000) } },
        { "learning rate is Infinity", Good with { LearningRate = new LearningRate.Poly(double.PositiveInfinity) } },
        { "momentum is 5", Good with { Momentum = 5 } },
        { "momentum is 1;", Good with { Momentum = 1 } },
        { "momentum is -0.5", Good with { Momentum = -0.5 } },
        { "momentum is NaN", Good with { Momentum = double.NaN } },
        { "weight decay is -1", Good with { WeightDecay = -1 } },
        { "iterations is 0", Good with { MaxIterations = 0 } },
        { "iter size is 0", Good with { IterSize = 0 } },
        { "validation interval is -1", Good with { ValidateEvery = -1 } },
        { "checkpoint interval is -5", Good with { CheckpointEvery = -5, Directory = "x" } },
        { "checkpoints kept is -1", Good with { KeepCheckpoints = -1 } },
        { "loss keep probability is 0;", Good with { LossKeepProbability = 0 } },
        { "class weight 1 is NaN", Good with { ClassWeights = [1f, float.NaN] } },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Unusable_settings_are_refused_with_the_accepted_range(string expected, TrainerOptions options)
    {
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(expected, e.Message);
        Assert.Contains("accepted:", e.Message);
    }

    [Fact]
    public void The_trainer_refuses_them_before_it_builds_anything()
    {
        // A net is needed to call the constructor, but nothing is moved, grouped or optimised.
        using var net = ModelZoo.Create("fcn32s", Shapes.Classes, 1.0 / 16);
        Assert.Throws<ArgumentException>(() => new Trainer(net, Shapes.Source(1, 24, 1), Good with { Momentum = 5 }));
    }

    [Fact]
    public void Every_momentum_in_0_to_1_is_accepted_and_every_other_refused()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<double>(), m =>
        {
            bool ok = double.IsFinite(m) && m >= 0 && m < 1;
            var options = Good with { Momentum = m };
            if (ok) options.Validate();
            else Assert.Throws<ArgumentException>(options.Validate);
        }).QuickCheckThrowOnFailure();
        Prop.ForAll(Gen.Choose(0, 999_999).Select(i => i / 1e6).ToArbitrary(), m => (Good with { Momentum = m }).Validate())
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(46341)]
    [InlineData(65536)]
    [InlineData(100000)]
    [InlineData(0)]
    public void Class_counts_beyond_the_bound_are_refused_before_any_allocation(int classes)
    {
        var e = Assert.Throws<ArgumentException>(() => new ConfusionMatrix(classes));
        Assert.Contains($"is {classes}; accepted: 1 to {ModelLimits.MaxClasses}", e.Message);
        Assert.Contains("accepted: 1 to 1024", Assert.Throws<ArgumentException>(() => ModelZoo.Create("fcn32s", classes, 1.0 / 16)).Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100)]
    public void Absurd_widths_are_refused(double width) =>
        Assert.Contains("accepted: a number in (0, 4]", Assert.Throws<ArgumentException>(() => ModelZoo.Create("fcn8s", 21, width)).Message);

    [Fact]
    public void Ground_truth_beyond_the_class_count_is_counted_and_warned_about_once()
    {
        var m = new ConfusionMatrix(3);
        using (var gt = tensor(new long[] { 0, 1, 2, 255, 7, 7, 9 }))
        using (var pred = tensor(new long[] { 0, 1, 2, 0, 0, 1, 2 }))
            m.Add(gt, pred);
        Assert.Equal(3, m.Total);
        Assert.Equal(3, m.OutOfRangePixels);
        var warning = m.OutOfRangeWarning("gt/")!;
        Assert.Contains("3 ground-truth pixel(s) in gt/", warning);
        Assert.Contains("label 7", warning);
        Assert.Contains("0..2", warning);
        Assert.Null(new ConfusionMatrix(3).OutOfRangeWarning());
    }

    // Images of NaN from the moment `poisoned` is set: the loss of every later iteration is NaN.
    sealed class Poisonable
    {
        public bool Poisoned;
        public SampleSource Source(SampleSource clean) => new(clean.Count, i =>
        {
            var (image, label) = clean[i];
            return Poisoned ? (full_like(image, double.NaN), label) : (image, label);
        });
    }

    [Fact]
    public void A_loss_that_becomes_NaN_stops_the_run_naming_the_iteration_and_the_last_good_checkpoint()
    {
        manual_seed(1);
        using var net = ModelZoo.Create("fcn32s", Shapes.Classes, 1.0 / 16);
        Initialization.HeNormalTrunk(net);
        var data = new Poisonable();
        var options = new TrainerOptions
        {
            LearningRate = new LearningRate.Fixed(1e-3), Momentum = 0.9, MaxIterations = 10,
            Normalization = LossNormalization.Mean, CheckpointEvery = 2, Directory = dir, Seed = 1,
        };
        var trainer = new Trainer(net, data.Source(Shapes.Source(3, 24, 1)), options);
        trainer.Run(3);
        Assert.Null(trainer.Stopped);
        var before = net.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        data.Poisoned = true;
        trainer.Run();
        var stop = trainer.Stopped!;
        Assert.Equal(4, stop.Iteration);
        Assert.Equal(3, trainer.Iteration);
        Assert.True(double.IsNaN(stop.Loss));
        Assert.True(stop.WeightsFinite);
        Assert.Equal(Path.Combine(dir, RunDirectory.CheckpointName(2)), stop.LastCheckpoint);
        Assert.Contains("iteration 4", stop.Message);
        Assert.Contains("checkpoint-00000002.pth", stop.Message);
        // No step was taken on the NaN loss, and nothing diverged was saved.
        foreach (var (name, value) in net.state_dict()) Assert.True(value.Equals(before[name]), name);
        Assert.Equal(new long[] { 2 }, RunDirectory.Checkpoints(dir).Select(c => c.Iteration));
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void A_NaN_loss_with_no_checkpoint_says_there_is_none()
    {
        var stop = new TrainingStop(1, double.PositiveInfinity, null, true);
        Assert.Contains("became Infinity at iteration 1", stop.Message);
        Assert.Contains("no checkpoint was written before it", stop.Message);
    }
}
