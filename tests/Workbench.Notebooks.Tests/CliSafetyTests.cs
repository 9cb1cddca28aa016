using System.Diagnostics;
using Workbench.Vision.Imaging;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// Issue 14 through the built `workbench` executable: options out of range, run directories that
/// hold a run, outputs that are directories or inputs, and malformed notebooks are refused with one
/// line naming what was wrong and a nonzero exit — before any work, so nothing is lost.
/// </summary>
public sealed class CliSafetyTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-cli-");

    public void Dispose() => dir.Dispose();

    static (int Code, string Out, string Err) Cli(params string[] args) => WorkbenchCli.Run(args);

    static void Refused((int Code, string Out, string Err) r, params string[] expected)
    {
        Assert.True(r.Code == 1, $"exit code {r.Code}; stderr: {r.Err}");
        Assert.Contains(r.Err.Split('\n'), l => l.StartsWith("error: "));
        Assert.DoesNotContain("   at ", r.Err);   // no stack trace
        foreach (var e in expected) Assert.Contains(e, r.Err);
    }

    [Theory]
    [InlineData("--lr", "NaN", "learning rate is NaN; accepted: a number in (0, 1]")]
    [InlineData("--lr", "-1", "learning rate is -1; accepted")]
    [InlineData("--momentum", "5", "momentum is 5; accepted: [0, 1)")]
    [InlineData("--val-every", "-1", "validation interval is -1; accepted: 0 (never)")]
    [InlineData("--iterations", "0", "iterations is 0; accepted: 1 to")]
    [InlineData("--size", "20000", "--size 20000 is out of range; accepted: 8 to 4096 pixels")]
    [InlineData("--count", "0", "--count 0 is out of range; accepted: 1 to")]
    [InlineData("--width", "1000", "--width 1000 is out of range; accepted: a number in (0, 4]")]
    [InlineData("--keep-checkpoints", "-2", "checkpoints kept is -2; accepted: 0 (all)")]
    public void Train_refuses_options_out_of_range_before_any_work(string option, string value, string expected)
    {
        var run = Path.Combine(dir, "run");
        Refused(Cli("train", "--out", run, option, value), expected);
        Assert.False(Directory.Exists(run), "nothing is created for a refused run");
    }

    [Fact]
    public void Train_refuses_a_size_whose_step_would_not_fit_in_memory_before_the_kernel_kills_it()
    {
        // 4096² at width 4: about 450 GiB by the estimate, beyond any machine this runs on.
        var run = Path.Combine(dir, "run");
        Refused(Cli("train", "--out", run, "--size", "4096", "--width", "4", "--device", "cpu"), "--size 4096 at --width 4 needs about", "GiB per training step");
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData("46341")]
    [InlineData("65536")]
    [InlineData("100000")]
    [InlineData("0")]
    public void Eval_and_predict_refuse_class_counts_beyond_the_bound(string classes)
    {
        Refused(Cli("eval", "--pred", dir, "--gt", dir, "--classes", classes), $"--classes {classes} is out of range; accepted: 1 to 1024");
        var image = Path.Combine(dir, "in.png");
        Png.Write(image, new LabelMap(4, 4));
        Refused(Cli("predict", image, "--classes", classes), $"--classes {classes} is out of range; accepted: 1 to 1024");
    }

    [Fact]
    public void A_run_directory_holding_a_run_is_not_reused_without_resume_or_overwrite()
    {
        var run = Path.Combine(dir, "run");
        Directory.CreateDirectory(run);
        var csv = Path.Combine(run, "metrics.csv");
        var lines = "kind,iteration\n" + string.Concat(Enumerable.Range(1, 150).Select(i => $"train,{i}\n"));
        File.WriteAllText(csv, lines);
        File.WriteAllText(Path.Combine(run, "final.pth"), "the old run's weights");
        Refused(Cli("train", "--out", run, "--iterations", "1"), run, "holds a run", "--resume", "--overwrite");
        Assert.Equal(lines, File.ReadAllText(csv));
        Assert.Equal("the old run's weights", File.ReadAllText(Path.Combine(run, "final.pth")));
        Refused(Cli("train", "--out", run, "--resume"), "no checkpoint to resume from", "--overwrite");
        Refused(Cli("train", "--out", run, "--resume", "--overwrite"), "give one of them");
        Assert.Equal(lines, File.ReadAllText(csv));
    }

    [Fact]
    public void Train_refuses_an_out_that_is_a_file()
    {
        var file = Path.Combine(dir, "not-a-dir");
        File.WriteAllText(file, "x");
        Refused(Cli("train", "--out", file, "--iterations", "1"), "is a file, expected a run directory");
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Predict_never_overwrites_its_input_and_refuses_a_directory_as_output()
    {
        var image = Path.Combine(dir, "in.png");
        Png.Write(image, new LabelMap(4, 4));
        var bytes = File.ReadAllBytes(image);
        Refused(Cli("predict", image, "--model", "fcn32s", "--width", "0.0625", "--out", image), "is also an input", "--out");
        Refused(Cli("predict", image, "--model", "fcn32s", "--width", "0.0625", "--overlay", image), "is also an input", "--overlay");
        Assert.Equal(bytes, File.ReadAllBytes(image));
        var outDir = Path.Combine(dir, "outdir");
        Directory.CreateDirectory(outDir);
        Refused(Cli("predict", image, "--out", outDir), outDir, "is a directory");
        var same = Path.Combine(dir, "same.png");
        Refused(Cli("predict", image, "--out", same, "--overlay", same), "both");
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Run_refuses_an_output_that_is_a_directory_before_running_the_notebook()
    {
        using var nb = new TestNotebook();
        var marker = Path.Combine(dir, "ran");
        var notebook = nb.Write("touch", $"System.IO.File.WriteAllText(@\"{marker}\", \"ran\");");
        var outDir = Path.Combine(dir, "executed");
        Directory.CreateDirectory(outDir);
        Refused(Cli("run", notebook, "-o", outDir), outDir, "is a directory");
        Assert.False(File.Exists(marker), "the notebook must not have run");
        Refused(Cli("run", notebook, "-o", notebook), "is also an input");
    }

    [Fact]
    public void A_cell_source_that_is_not_text_is_named_with_the_file_and_the_key()
    {
        var path = Path.Combine(dir, "bad.ipynb");
        File.WriteAllText(path, """{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "source": "# t"}, {"cell_type": "code", "source": 42}]}""");
        Refused(Cli("run", path, "--out-dir", Path.Combine(dir, "out")), path, "cell 2 \"source\" is 42, expected a string or a list of strings");
    }

    [Fact]
    public void Eval_warns_once_about_ground_truth_beyond_the_class_count()
    {
        var pred = Path.Combine(dir, "pred");
        var gt = Path.Combine(dir, "gt");
        Directory.CreateDirectory(pred);
        Directory.CreateDirectory(gt);
        for (int i = 0; i < 3; i++)
        {
            Png.Write(Path.Combine(gt, $"{i}.png"), new LabelMap(2, 2, [0, 1, 9, 255]));
            Png.Write(Path.Combine(pred, $"{i}.png"), new LabelMap(2, 2, [0, 1, 1, 0]));
        }
        var r = Cli("eval", "--pred", pred, "--gt", gt, "--classes", "3", "--json");
        Assert.True(r.Code == 0, r.Err);
        var warning = Assert.Single(r.Err.Split('\n'), l => l.StartsWith("warning:"));
        Assert.Contains("3 ground-truth pixel(s)", warning);
        Assert.Contains("label 9", warning);
        Assert.Contains("0..2", warning);
        Refused(Cli("eval", "--pred", pred, "--gt", gt, "--classes", "3", "--leave-out", "1,x"), "--leave-out: 'x' is not a class");
        Refused(Cli("eval", "--pred", pred, "--gt", gt, "--classes", "3", "--leave-out", "7"), "accepted: comma-separated indices 0 to 2");
    }
}
