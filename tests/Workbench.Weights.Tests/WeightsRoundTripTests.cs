using Workbench.Engine;
using static TorchSharp.torch;
using TorchSharp;
using System.Diagnostics;
using Workbench.Weights;

namespace Workbench.Weights.Tests;

/// <summary>What our writers write, our readers read back bit-identical, and PyTorch loads with the same values.</summary>
public class WeightsRoundTripTests
{
    static void AssertSame(Dictionary<string, torch.Tensor> want, Dictionary<string, torch.Tensor> got)
    {
        Assert.Equal(want.Keys.ToArray(), got.Keys.ToArray());
        foreach (var (k, t) in want)
        {
            Assert.Equal(t.dtype, got[k].dtype);
            Assert.Equal(t.shape, got[k].shape);
            Assert.Equal(t.ToBytes(), got[k].ToBytes());
        }
    }

    [Theory]
    [InlineData("state_dict_zip.pth", ".pth")]
    [InlineData("state_dict_legacy.pth", ".pth")]
    [InlineData("tensors.safetensors", ".pth")]
    [InlineData("state_dict_zip.pth", ".safetensors")]
    [InlineData("tensors.safetensors", ".safetensors")]
    [InlineData("net_layer.caffemodel", ".safetensors")]
    public void Written_files_read_back_bit_identical(string fixture, string extension)
    {
        var dir = Fixtures.TempDir();
        try
        {
            using var original = WeightsFile.Read(Fixtures.PathOf(fixture));
            var path = Path.Combine(dir, "out" + extension);
            WeightsFile.Write(original.Entries, path);
            using var back = WeightsFile.Read(path);
            Assert.Equal(extension == ".pth" ? WeightsFormat.PthZip : WeightsFormat.SafeTensors, back.Format);
            AssertSame(original.Entries, back.Entries);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Random_state_dicts_of_every_dtype_round_trip()
    {
        var dir = Fixtures.TempDir();
        try
        {
            torch.manual_seed(7);
            var sd = new Dictionary<string, torch.Tensor>
            {
                ["conv.weight"] = torch.randn(new long[] { 3, 2, 3, 3 }),
                ["h"] = torch.randn(new long[] { 5 }).to(ScalarType.Float16),
                ["bf"] = torch.randn(new long[] { 2, 2 }).to(ScalarType.BFloat16),
                ["d"] = torch.randn(new long[] { 4 }, ScalarType.Float64),
                ["l"] = torch.randint(-1000000000000, 1000000000000, new long[] { 3 }),
                ["i"] = torch.randint(-100000, 100000, new long[] { 2, 1 }, ScalarType.Int32),
                ["u8"] = torch.randint(0, 256, new long[] { 6 }, ScalarType.Byte),
                ["b"] = torch.randint(0, 2, new long[] { 4 }, ScalarType.Bool),
                ["scalar"] = torch.tensor(3.5f),
                ["empty"] = torch.zeros(new long[] { 0, 4 }),
                ["t"] = torch.randn(new long[] { 3, 4 }).t(),
                ["ünïcode.名前"] = torch.ones(new long[] { 1 }),
            };
            foreach (var ext in new[] { ".pth", ".safetensors" })
            {
                var path = Path.Combine(dir, "rand" + ext);
                WeightsFile.Write(sd, path);
                using var back = WeightsFile.Read(path);
                AssertSame(sd, back.Entries);
            }
            foreach (var t in sd.Values) t.Dispose();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// Optional: where Debian's python3-torch is installed, PyTorch loads our .pth (and a hand parser
    /// reads our .safetensors) with values equal to the reference file's. Elsewhere it says it was skipped.
    /// </summary>
    [Fact]
    public void PyTorch_loads_what_we_write()
    {
        const string fixture = "state_dict_legacy.pth"; // the same tensors as state_dict_zip.pth
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            Console.WriteLine($"skipped: {python} is not installed; the check needs Debian's python3-torch");
            return;
        }
        var dir = Fixtures.TempDir();
        try
        {
            using var original = WeightsFile.Read(Fixtures.PathOf(fixture));
            var pth = Path.Combine(dir, "ours.pth");
            var st = Path.Combine(dir, "ours.safetensors");
            WeightsFile.Write(original.Entries, pth);
            SafeTensors.Write(original.Entries, st, new Dictionary<string, string> { ["format"] = "pt" });
            var script = Path.Combine(Fixtures.Dir, "check_roundtrip.py");
            int rc = Run(python, $"\"{script}\" \"{Fixtures.PathOf(fixture)}\" \"{pth}\" \"{st}\"", out var output);
            if (rc == 77)
            {
                Console.WriteLine($"skipped: {output.Trim()}; the check needs Debian's python3-torch");
                return;
            }
            Assert.True(rc == 0, output);
            Assert.Contains("ok", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    static int Run(string exe, string args, out string output)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(); output = "timed out"; return -1; }
        output = stdout.Result + stderr.Result;
        return p.ExitCode;
    }
}
