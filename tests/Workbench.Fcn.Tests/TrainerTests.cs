using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class TrainerTests : RunFolderTest
{
    static FcnModel Net(long seed) => Shapes.Net("fcn8s", seed);

    static TrainerOptions Options(string? directory) => new()
    {
        LearningRate = new LearningRate.Fixed(1e-3), Momentum = 0.9, WeightDecay = 5e-4, MaxIterations = 8,
        Normalization = LossNormalization.Mean, LossKeepProbability = 0.7, CheckpointEvery = 3, Directory = directory, Seed = 11,
    };

    [Fact]
    public void A_resumed_run_continues_with_exactly_the_loss_sequence_of_an_uninterrupted_one()
    {
        var data = Shapes.Source(5, 40, 1);
        using var a = Net(5);
        var whole = new Trainer(a, data, Options(Path.Combine(dir, "whole")));
        whole.Run();

        using var b = Net(5);
        var first = new Trainer(b, data, Options(Path.Combine(dir, "split")));
        first.Run(4); // checkpoint at 3; iteration 4 is lost, as in a crash
        using var c = Net(99); // a fresh process: other weights, other RNG state
        var resumed = new Trainer(c, data, Options(Path.Combine(dir, "split")));
        Assert.Equal(3, resumed.ResumeFromLatest());
        resumed.Run();

        Assert.Equal(whole.Losses.Skip(3), resumed.Losses);
        Assert.Equal(whole.Losses.Take(4), first.Losses);
        var log = MetricsLog.Read(Path.Combine(dir, "split", "metrics.jsonl")).Where(e => e.Kind == "train").ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long) i), log.Select(e => e.Iteration));
        Assert.Equal(whole.Losses, log.Select(e => e.Loss));
    }

    [Fact]
    public void Biases_get_twice_the_rate_and_no_decay_and_fixed_deconvolutions_are_left_out()
    {
        using var net = Net(1);
        var groups = ParameterGroups.Split(net);
        var names = groups.SelectMany(g => g.Parameters.Select(p => (p.Name, g.Multipliers))).ToDictionary(x => x.Name, x => x.Multipliers);
        Assert.Equal(new Multipliers(1, 1), names["conv1_1.weight"]);
        Assert.Equal(new Multipliers(2, 0), names["conv1_1.bias"]);
        Assert.Equal(new Multipliers(2, 0), names["score_fr.bias"]);
        Assert.DoesNotContain("upscore2.weight", names.Keys);

        // A step moves no fixed deconvolution.
        var before = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.clone().DetachFromDisposeScope());
        var t = new Trainer(net, Shapes.Source(2, 24, 3), Options(null) with { CheckpointEvery = 0, MaxIterations = 2 });
        t.Run();
        var after = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.True(before["upscore8.weight"].Equals(after["upscore8.weight"]));
        Assert.False(before["score_fr.weight"].Equals(after["score_fr.weight"]));
        foreach (var v in before.Values) v.Dispose();
    }

    [Fact]
    public void What_the_rule_leaves_out_gets_no_gradient_and_is_trainable_again_after_the_run()
    {
        // FCN-32s-fixed's rule: only score_fr learns. Backward then stops at score_fr, so the trunk has no gradient.
        using var net = Shapes.Net("fcn32s", 2);
        var before = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.clone().DetachFromDisposeScope());
        var t = new Trainer(net, Shapes.Source(2, 24, 3), Options(null) with { CheckpointEvery = 0, MaxIterations = 2,
            Multipliers = (name, p) => name.StartsWith("score_fr.") ? ParameterGroups.Reference(name, p) : null });
        t.Run();
        var after = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.True(before["conv1_1.weight"].Equals(after["conv1_1.weight"]));
        Assert.True(before["fc7.weight"].Equals(after["fc7.weight"]));
        Assert.False(before["score_fr.weight"].Equals(after["score_fr.weight"]));
        Assert.Null(after["fc7.weight"].grad);
        Assert.NotNull(after["score_fr.weight"].grad);
        Assert.True(after["conv1_1.weight"].requires_grad);   // restored: a later trainer with another rule trains it
        Assert.False(after["upscore.weight"].requires_grad);   // fixed before the run, fixed after it
        foreach (var v in before.Values) v.Dispose();
    }

    /// <summary>Three iterations into the test's directory; the newest checkpoint (iteration 3).</summary>
    string TrainThreeIterations(FcnModel net)
    {
        new Trainer(net, Shapes.Source(2, 24, 3), Options(dir) with { MaxIterations = 3 }).Run();
        return Trainer.LatestCheckpoint(dir)!;
    }

    [Fact]
    public void Checkpoint_round_trips_and_corrupt_files_are_named_errors()
    {
        using var net = Net(2);
        var path = TrainThreeIterations(net);
        Assert.Equal("checkpoint-00000003.pth", Path.GetFileName(path));
        using (var c = CheckpointFile.Read(path))
        {
            Assert.Equal(3, c.Iteration);
            Assert.Equal(("fcn8s", 1.0 / 16, (long) Shapes.Classes), (c.ModelName, c.Width, c.Classes));
            Assert.True(c.Model["conv1_1.weight"].Equals(net.state_dict()["conv1_1.weight"]));
            Assert.Contains(c.Optimizer.MomentumBuffers, b => b is not null);
        }
        // What `workbench inspect weights` and WeightsFile.Load see: the model's state dict.
        using (var w = Workbench.Weights.WeightsFile.Read(path))
        {
            Assert.Equal("model_state_dict", w.NestedKey);
            Assert.Equal(net.state_dict().Keys, w.Entries.Keys);
        }
        var bytes = File.ReadAllBytes(path);
        var torn = Path.Combine(dir, "torn.pth");
        File.WriteAllBytes(torn, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(torn));
        Assert.Contains("torn.pth", e.Message);
        File.WriteAllBytes(torn, "not a checkpoint at all"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(torn));
        // A weights file is not a checkpoint, and says so.
        var weights = Path.Combine(dir, "weights.pth");
        Workbench.Weights.WeightsFile.Write(net.state_dict(), weights);
        Assert.Contains("not a training checkpoint", Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(weights)).Message);
        Assert.Throws<FileNotFoundException>(() => CheckpointFile.Read(Path.Combine(dir, "missing.pth")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void PyTorch_opens_a_checkpoint_and_its_SGD_takes_the_optimizer_state()
    {
        using var net = Net(2);
        var path = TrainThreeIterations(net);
        var script = Path.Combine(dir, "open.py");
        File.WriteAllText(script, """
            import sys, torch
            c = torch.load(sys.argv[1])
            sd, opt = c["model_state_dict"], c["optimizer_state_dict"]
            params = [torch.nn.Parameter(torch.zeros_like(v)) for k, v in sd.items() if not k.startswith("upscore")]
            groups = [{"params": params[i:i + len(g["params"])]} for i, g in
                      zip([sum(len(h["params"]) for h in opt["param_groups"][:j]) for j in range(len(opt["param_groups"]))], opt["param_groups"])]
            sgd = torch.optim.SGD(groups, lr=1.0)
            sgd.load_state_dict(opt)
            print(c["format"], c["iteration"], c["model_name"], c["width"], c["classes"], len(sd),
                  sgd.param_groups[0]["momentum"], sum(1 for s in sgd.state.values() if "momentum_buffer" in s),
                  tuple(c["rng_state"].shape), c["rng_state"].dtype)
            """);
        var (rc, output) = Python.Run(script, $"\"{path}\"");
        Assert.True(rc == 0, "PyTorch (Debian's python3-torch) could not open the checkpoint: " + output);
        using var rng = get_rng_state();
        Assert.Equal($"fcn-workbench-checkpoint 3 fcn8s 0.0625 {Shapes.Classes} {net.state_dict().Count} 0.9 " +
                     $"{net.parameters().Count(q => q.requires_grad)} ({rng.shape[0]},) torch.uint8", output.Trim());
    }

    [Fact]
    public void The_sample_order_seed_is_the_same_in_every_process()
    {
        // HashCode.Combine, used before, is salted per process: each run trained on its own order.
        // Expected values: SplitMix64's finalizer of seed·φ + epoch + φ (φ = 0x9E3779B97F4A7C15), low 31 bits,
        // computed with /usr/bin/python3 integer arithmetic.
        Assert.Equal(1917616620, EpochOrder.EpochSeed(3, 0));
        Assert.Equal(1849870603, EpochOrder.EpochSeed(3, 1));
        Assert.Equal(89906934, EpochOrder.EpochSeed(11, 0));
        Assert.Equal(2065162004, EpochOrder.EpochSeed(-1, 7));
    }

    [Fact]
    public void Poly_rate_decays_to_zero()
    {
        var poly = new LearningRate.Poly(0.01, 0.9);
        Assert.Equal(0.01, poly.At(0, 100));
        Assert.Equal(0.01 * Math.Pow(0.5, 0.9), poly.At(50, 100), 12);
        Assert.Equal(0, poly.At(100, 100));
    }

    [Fact]
    public void A_narrow_fcn8s_learns_synthetic_shapes()
    {
        // 64×64 images, 300 iterations, normalized loss: mean IU 0.762 on held-out images (one thread,
        // the same in every process and whatever tests ran before).
        const int size = 64, iters = 300;
        const double lr = 2e-3;
        var trainSet = Shapes.Source(40, size, 7);
        var valSet = Shapes.Source(10, size, 8);
        using var net = Net(3);
        var options = new TrainerOptions
        {
            LearningRate = new LearningRate.Fixed(lr), Momentum = 0.9, WeightDecay = 5e-4, MaxIterations = iters,
            Normalization = LossNormalization.Mean, Seed = 3,
        };
        var trainer = new Trainer(net, trainSet, options);
        trainer.Run();
        var metrics = Inference.Evaluate(net, valSet).Metrics();
        Console.WriteLine($"shapes: mean IU {metrics.MeanIU:F3} pixel acc {metrics.PixelAccuracy:F3}");
        Assert.True(metrics.MeanIU >= 0.5, $"mean IU {metrics.MeanIU:F3}, pixel acc {metrics.PixelAccuracy:F3}, last losses {string.Join(", ", trainer.Losses.TakeLast(5).Select(l => l.ToString("F3")))}");
    }
}
