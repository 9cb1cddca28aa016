using System.Diagnostics;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>
/// Issue 14, item 3: a run directory holds one run — never mixed into, never silently reused, never
/// left with torn temporaries or an unbounded pile of checkpoints — and a damaged newest checkpoint
/// is passed over for the one before it, saying so.
/// </summary>
public class RunDirectoryTests : RunFolderTest
{
    static FcnModel Net(long seed) => Shapes.Net("fcn32s", seed);

    static readonly SampleSource Data = Shapes.Source(3, 24, 5);

    TrainerOptions Options(long iterations, long checkpointEvery = 1) => new()
    {
        LearningRate = new LearningRate.Fixed(1e-3), Momentum = 0.9, MaxIterations = iterations,
        Normalization = LossNormalization.Mean, CheckpointEvery = checkpointEvery, Directory = dir, Seed = 2,
    };

    static IEnumerable<long> Iterations(string directory) => RunDirectory.Checkpoints(directory).Select(c => c.Iteration);

    [Fact]
    public void A_directory_holding_a_run_is_refused_without_resume_or_overwrite_and_nothing_in_it_changes()
    {
        using (var net = Net(1)) new Trainer(net, Data, Options(3)).Run();
        var csv = Path.Combine(dir, "metrics.csv");
        var before = File.ReadAllBytes(csv);
        var stamps = Directory.GetFiles(dir).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        using var again = Net(2);
        var e = Assert.Throws<IOException>(() => new Trainer(again, Data, Options(5)).Run());
        Assert.Contains(dir, e.Message);
        Assert.Contains("--resume", e.Message);
        Assert.Contains("--overwrite", e.Message);
        Assert.Equal(before, File.ReadAllBytes(csv));
        Assert.Equal(stamps, Directory.GetFiles(dir).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void Overwrite_starts_over_with_none_of_the_old_runs_files()
    {
        using (var net = Net(1)) new Trainer(net, Data, Options(4)).Run();
        File.WriteAllText(Path.Combine(dir, RunDirectory.FinalWeights), "an old final");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "the user's own file");

        using var again = Net(2);
        var t = new Trainer(again, Data, Options(2) with { Overwrite = true });
        t.Run();
        Assert.Equal(new long[] { 1, 2 }, Iterations(dir));
        Assert.False(File.Exists(Path.Combine(dir, RunDirectory.FinalWeights)));
        Assert.True(File.Exists(Path.Combine(dir, "notes.txt")), "only the run's own files are removed");
        var log = MetricsLog.Read(Path.Combine(dir, "metrics.jsonl"));
        Assert.Equal(new long[] { 1, 2 }, log.Select(l => l.Iteration));
        Assert.Equal(t.Losses, log.Select(l => l.Loss));
    }

    [Fact]
    public void A_run_directory_that_is_a_file_is_refused()
    {
        File.WriteAllText(dir, "x");
        try
        {
            using var net = Net(1);
            Assert.Contains("is a file", Assert.Throws<IOException>(() => new Trainer(net, Data, Options(1)).Run()).Message);
        }
        finally
        {
            File.Delete(dir);
        }
    }

    [Fact]
    public void Resuming_a_directory_with_logs_but_no_checkpoint_is_refused()
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), "kind,iteration\n");
        var e = Assert.Throws<IOException>(() => RunDirectory.CheckReusable(dir, resume: true, overwrite: false));
        Assert.Contains("no checkpoint to resume from", e.Message);
        RunDirectory.CheckReusable(dir, resume: false, overwrite: true);
        RunDirectory.CheckReusable(Path.Combine(dir, "fresh"), resume: false, overwrite: false);
    }

    [Fact]
    public void Temporaries_of_dead_writers_are_removed_at_start_and_those_of_live_ones_kept()
    {
        Directory.CreateDirectory(dir);
        // A process id that was certainly in use and is certainly gone now.
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        var stale = Path.Combine(dir, $".checkpoint-00000007.pth.{gone.Id}.tmp");
        var staleLog = Path.Combine(dir, $".metrics.jsonl.{gone.Id}.tmp");
        var live = Path.Combine(dir, $".checkpoint-00000008.pth.{Environment.ProcessId}.tmp");
        var unrelated = Path.Combine(dir, "keep.tmp");
        foreach (var f in new[] { stale, staleLog, live, unrelated }) File.WriteAllBytes(f, new byte[1000]);

        using var net = Net(1);
        new Trainer(net, Data, Options(1)).Run();
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(staleLog));
        Assert.True(File.Exists(live), "a write of a live process may be under way");
        Assert.True(File.Exists(unrelated), "not a name the workbench writes");
    }

    [Fact]
    public void Only_the_newest_checkpoints_are_kept()
    {
        using (var net = Net(1)) new Trainer(net, Data, Options(5) with { KeepCheckpoints = 2 }).Run();
        Assert.Equal(new long[] { 4, 5 }, Iterations(dir));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

        using var all = Net(1);
        new Trainer(all, Data, Options(4) with { KeepCheckpoints = 0, Overwrite = true }).Run();
        Assert.Equal(new long[] { 1, 2, 3, 4 }, Iterations(dir));
    }

    [Fact]
    public void The_default_keeps_three_checkpoints()
    {
        Assert.Equal(3, new TrainerOptions().KeepCheckpoints);
        using var net = Net(1);
        new Trainer(net, Data, Options(5)).Run();
        Assert.Equal(new long[] { 3, 4, 5 }, Iterations(dir));
    }

    [Theory]
    [InlineData("half")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void A_damaged_newest_checkpoint_falls_back_to_the_one_before_saying_so(string damage)
    {
        using (var net = Net(1)) new Trainer(net, Data, Options(6, checkpointEvery: 3)).Run();
        var newest = Path.Combine(dir, RunDirectory.CheckpointName(6));
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, damage switch
        {
            "half" => bytes[..(bytes.Length / 2)],
            "garbage" => "not a checkpoint"u8.ToArray(),
            _ => [],
        });

        using var resumedNet = Net(9);
        var resumed = new Trainer(resumedNet, Data, Options(6, checkpointEvery: 3));
        var warnings = new List<string>();
        Assert.Equal(3, resumed.ResumeFromLatest(warnings.Add));
        var warning = Assert.Single(warnings);
        Assert.Contains("checkpoint-00000006.pth", warning);
        Assert.Contains("resuming from checkpoint-00000003.pth instead", warning);

        // The run goes on from 3 and rewrites 6 whole; the log holds each iteration once.
        resumed.Run();
        Assert.Equal(6, resumed.Iteration);
        using (var c = CheckpointFile.Read(newest)) Assert.Equal(6, c.Iteration);
        var log = MetricsLog.Read(Path.Combine(dir, "metrics.jsonl"));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long) i), log.Select(e => e.Iteration));
    }

    [Fact]
    public void When_every_checkpoint_is_damaged_resume_says_so_and_starts_from_nothing()
    {
        using (var net = Net(1)) new Trainer(net, Data, Options(2, checkpointEvery: 2)).Run();
        File.WriteAllText(Path.Combine(dir, RunDirectory.CheckpointName(2)), "torn");
        using var again = Net(2);
        var warnings = new List<string>();
        Assert.Equal(0, new Trainer(again, Data, Options(2)).ResumeFromLatest(warnings.Add));
        Assert.Contains("no older checkpoint", Assert.Single(warnings));
    }

    [Fact]
    public void The_log_rewrite_at_resume_leaves_no_temporary_and_drops_only_a_torn_last_line()
    {
        using (var net = Net(1)) new Trainer(net, Data, Options(4, checkpointEvery: 2)).Run();
        var jsonl = Path.Combine(dir, "metrics.jsonl");
        File.AppendAllText(jsonl, "{\"kind\":\"train\",\"itera");   // a kill mid-append
        Assert.Equal(4, MetricsLog.Read(jsonl).Count);

        _ = new MetricsLog(dir, resumeAt: 2);
        Assert.Equal(new long[] { 1, 2 }, MetricsLog.Read(jsonl).Select(e => e.Iteration));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

        // Damage before the last line is not a kill's: it is named, not skipped.
        File.WriteAllText(jsonl, "garbage\n" + File.ReadAllText(jsonl));
        var e = Assert.Throws<InvalidDataException>(() => MetricsLog.Read(jsonl));
        Assert.Contains("metrics.jsonl:1", e.Message);
    }
}
