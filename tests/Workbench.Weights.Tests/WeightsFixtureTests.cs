using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using System.Text.Json;
using Workbench.Weights;

namespace Workbench.Weights.Tests;

/// <summary>Reads each fixture written by python3-torch / python3-protobuf and checks the values its generator recorded.</summary>
public class WeightsFixtureTests
{
    public static TheoryData<string> Files() => new(Fixtures.Names());

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_fixture_with_the_values_PyTorch_recorded(string name)
    {
        var expected = Fixtures.Expected(name);
        using var file = WeightsFile.Read(Fixtures.PathOf(name));

        Assert.Equal(expected.GetProperty("format").GetString(), file.Format.Name());
        var nested = expected.GetProperty("nested_key");
        Assert.Equal(nested.ValueKind == JsonValueKind.Null ? null : nested.GetString(), file.NestedKey);
        Assert.Equal(expected.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()).ToArray(),
                     file.Skipped.Select(s => s.Key).ToArray());

        var entries = expected.GetProperty("entries").EnumerateObject().ToList();
        Assert.Equal(entries.Select(e => e.Name).ToArray(), file.Entries.Keys.ToArray());
        foreach (var e in entries)
        {
            var t = file.Entries[e.Name];
            var want = e.Value;
            Assert.Equal(Longs(want.GetProperty("shape")), t.shape);
            Assert.Equal(want.GetProperty("dtype").GetString(), t.dtype.Name());
            Assert.Equal(Longs(want.GetProperty("stride")), t.stride());
            using var d = t.to(ScalarType.Float64);
            var values = d.ToArray<double>();
            var first = want.GetProperty("first").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(first, values.Take(first.Length).ToArray()); // exact: every dtype converts exactly to float64
            double sum = want.GetProperty("sum").GetDouble();
            Assert.Equal(sum, values.Sum(), 1e-9 * Math.Max(1, Math.Abs(sum)));
            if (want.GetProperty("mean").ValueKind == JsonValueKind.Number)
                Assert.Equal(want.GetProperty("mean").GetDouble(), values.Average(), 1e-9 * Math.Max(1, Math.Abs(sum)));
        }
    }

    static long[] Longs(JsonElement a) => a.EnumerateArray().Select(x => x.GetInt64()).ToArray();

    [Theory]
    [InlineData("state_dict_zip.pth")]
    [InlineData("state_dict_legacy.pth")]
    public void Views_keep_their_offset_strides_and_shared_storage(string name)
    {
        using var file = WeightsFile.Read(Fixtures.PathOf(name));
        var slice = file.Entries["extra.base_slice"];
        Assert.True(Fixtures.SameStorage(slice, file.Entries["extra.base"]));
        Assert.Equal(new long[] { 6, 2 }, slice.stride());
        Assert.False(file.Entries["extra.transposed"].is_contiguous());
        Assert.False(Fixtures.SameStorage(file.Entries["extra.base"], file.Entries["extra.transposed"]));
    }

    [Fact]
    public void Torch_load_returns_the_state_dict_of_a_checkpoint()
    {
        var sd = WeightsFile.Load(Fixtures.PathOf("checkpoint_zip.pth"));
        Assert.Equal(new[] { "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked" },
                     sd.Keys.ToArray());
        Assert.Equal(ScalarType.Int64, sd["1.num_batches_tracked"].dtype);
        foreach (var t in sd.Values) t.Dispose();
    }

    [Fact]
    public void An_explicit_key_picks_a_nested_dict()
    {
        using var file = WeightsFile.Read(Fixtures.PathOf("checkpoint_zip.pth"), "optimizer_state_dict/state/0");
        Assert.Equal("optimizer_state_dict/state/0", file.NestedKey);
        Assert.Equal(new[] { "momentum_buffer" }, file.Entries.Keys.ToArray());
        Assert.Equal(new long[] { 2, 3 }, file.Entries["momentum_buffer"].shape);
    }

    [Fact]
    public void Safetensors_metadata_is_kept()
    {
        using var file = WeightsFile.Read(Fixtures.PathOf("tensors.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
    }
}
