using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using System.Text.Json;
using Workbench.Weights;

namespace Workbench.Weights.Tests;

/// <summary>`workbench inspect weights` output: the JSON carries the fixture's recorded shapes, dtypes, sums and means.</summary>
public class WeightsSummaryTests
{
    [Theory]
    [InlineData("checkpoint_zip.pth")]
    [InlineData("state_dict_legacy.pth")]
    [InlineData("tensors.safetensors")]
    [InlineData("net_layer.caffemodel")]
    public void Json_has_the_recorded_values(string name)
    {
        var expected = Fixtures.Expected(name);
        using var file = WeightsFile.Read(Fixtures.PathOf(name));
        using var doc = JsonDocument.Parse(WeightsSummary.Json(file));
        var root = doc.RootElement;
        Assert.Equal(expected.GetProperty("format").GetString(), root.GetProperty("format").GetString());
        Assert.Equal(expected.GetProperty("nested_key").ToString(), root.GetProperty("nested_key").ToString());
        var got = root.GetProperty("entries").EnumerateArray().ToList();
        var want = expected.GetProperty("entries").EnumerateObject().ToList();
        Assert.Equal(want.Select(w => w.Name), got.Select(g => g.GetProperty("name").GetString()));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()), g.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()));
            Assert.Equal(w.Value.GetProperty("dtype").GetString(), g.GetProperty("dtype").GetString());
            double sum = w.Value.GetProperty("sum").GetDouble();
            Assert.Equal(sum, g.GetProperty("sum").GetDouble(), 1e-9 * Math.Max(1, Math.Abs(sum)));
            if (w.Value.GetProperty("mean").ValueKind == JsonValueKind.Null)
                Assert.Equal(JsonValueKind.Null, g.GetProperty("mean").ValueKind);
            else
                Assert.Equal(w.Value.GetProperty("mean").GetDouble(), g.GetProperty("mean").GetDouble(), 1e-9 * Math.Max(1, Math.Abs(sum)));
        }
        Assert.Equal(expected.GetProperty("skipped").GetArrayLength(), root.GetProperty("skipped").GetArrayLength());
    }

    [Fact]
    public void Text_names_the_format_key_and_skipped_entries()
    {
        using var file = WeightsFile.Read(Fixtures.PathOf("checkpoint_zip.pth"));
        var text = WeightsSummary.Text(file);
        Assert.Contains("pth-zip", text);
        Assert.Contains("state dict under 'model_state_dict'", text);
        Assert.Contains("1.num_batches_tracked  []", text);
        Assert.Contains("skipped epoch: int 3", text);
        Assert.Contains("7 tensors, 129 values", text);
    }
}
