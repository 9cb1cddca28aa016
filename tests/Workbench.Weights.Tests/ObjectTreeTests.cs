using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Weights.Tests;

/// <summary>Whole .pth object trees (checkpoints), written as torch.save would and read back.</summary>
public class ObjectTreeTests
{
    [Fact]
    public void ATreeOfPlainDataAndTensorsRoundTrips()
    {
        var dir = Fixtures.TempDir();
        try
        {
            using var scope = NewDisposeScope();
            var w = arange(6, ScalarType.Float32).reshape(2, 3);
            var root = new PthDict
            {
                ["name"] = "fcn8s", ["iteration"] = 1200L, ["width"] = 0.0625, ["big"] = 1L << 40, ["negative"] = -7L,
                ["flags"] = new List<object?> { true, false, null }, ["pair"] = new object?[] { 1L, "two" },
                ["state"] = new PthDict { [0] = new PthDict { ["momentum_buffer"] = w } },
                ["model"] = PthDict.StateDict(new[] { KeyValuePair.Create("conv.weight", w) }),
            };
            var path = Path.Combine(dir, "tree.pth");
            PthZip.WriteObject(root, path);
            var back = Assert.IsType<PthDict>(PthZip.ReadObject(path));
            Assert.Equal(new object[] { "name", "iteration", "width", "big", "negative", "flags", "pair", "state", "model" }, back.Items.Select(kv => kv.Key));
            Assert.Equal("fcn8s", back["name"]);
            Assert.Equal(1200L, back["iteration"]);
            Assert.Equal(0.0625, back["width"]);
            Assert.Equal(1L << 40, back["big"]);
            Assert.Equal(-7L, back["negative"]);
            Assert.Equal(new List<object?> { true, false, null }, back["flags"]);
            Assert.Equal(new object?[] { 1L, "two" }, back["pair"]);
            var buffer = (Tensor) ((PthDict) ((PthDict) back["state"]!)[0L]!)["momentum_buffer"]!;
            Assert.True(buffer.Equals(w));
            var model = (PthDict) back["model"]!;
            Assert.True(model.Ordered);
            // The state dict reader finds the weights under 'model' beside the other entries.
            Assert.Equal(new[] { "conv.weight" }, WeightsFile.Read(path).Entries.Keys);
            foreach (var t in back.Tensors()) t.Dispose();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void APickledClassInstanceIsRefusedNamingItsPlace()
    {
        var e = Assert.Throws<WeightsFormatException>(() => PthZip.ReadObject(Fixtures.PathOf("module_zip.pth")));
        Assert.Contains("module_zip.pth", e.Message);
        Assert.Contains("expected plain data", e.Message);
    }

    [Fact]
    public void WhatCannotBePickledIsRefusedBeforeAnythingIsWritten()
    {
        var dir = Fixtures.TempDir();
        try
        {
            var path = Path.Combine(dir, "bad.pth");
            Assert.Throws<ArgumentException>(() => PthZip.WriteObject(new PthDict { ["when"] = DateTime.Now }, path));
            Assert.False(File.Exists(path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
