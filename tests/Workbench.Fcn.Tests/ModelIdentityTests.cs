using Workbench.Fcn.Models;
using Workbench.Fcn.Weights;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>
/// Issue 12: the final weights and checkpoints say which net they hold, so eval and predict rebuild
/// it unasked, and a request for another net is one line naming the file and both values.
/// </summary>
public sealed class ModelIdentityTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fcn-identity-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    const double W = 1.0 / 32;

    [Fact]
    public void Every_zoo_net_is_named_as_the_zoo_names_it()
    {
        foreach (var name in ModelZoo.Models.Keys)
        {
            using var net = ModelZoo.Create(name, 3, W);
            Assert.Equal(name, ModelZoo.NameOf(net));
        }
        using var twoHeaded = new TwoHeadedFcn16s(new Backbones.Vgg16(W), 3, 2);
        Assert.Null(ModelZoo.NameOf(twoHeaded));
    }

    [Theory]
    [InlineData("final.pth")]
    [InlineData("final.safetensors")]
    public void Saved_weights_rebuild_their_net_without_being_told_what_it_is(string file)
    {
        manual_seed(2);
        using var saved = ModelZoo.Create("fcn16s-alexnet", 5, W);
        using (no_grad()) foreach (var p in saved.parameters()) p.normal_();
        var path = Path.Combine(dir, file);
        FcnWeights.Save(saved, path);

        using var rebuilt = FcnWeights.Create(path, model: null, width: null, classes: null);
        Assert.Equal("fcn16s-alexnet", ModelZoo.NameOf(rebuilt));
        Assert.Equal((W, 5L), (rebuilt.Trunk.Width, rebuilt.NumClasses));
        var own = rebuilt.state_dict();
        foreach (var (k, v) in saved.state_dict()) Assert.True(v.Equals(own[k]), k);
        // Options that agree with the record are accepted.
        using var agreed = FcnWeights.Create(path, "FCN16s-AlexNet", W, 5);
    }

    [Theory]
    [InlineData("fcn8s", null, null, "--model fcn8s asks for a fcn8s")]
    [InlineData(null, 1.0, null, "--width 1 asks for width 1")]
    [InlineData(null, null, 21L, "--classes 21 asks for 21 classes")]
    public void An_option_that_contradicts_the_record_is_one_line_naming_the_file_and_both_values(string? model, double? width, long? classes, string asked)
    {
        using var saved = ModelZoo.Create("fcn32s", 5, W);
        var path = Path.Combine(dir, "final.pth");
        FcnWeights.Save(saved, path);
        var e = Assert.Throws<ArgumentException>(() => FcnWeights.Create(path, model, width, classes));
        Assert.StartsWith(path + ": " + asked, e.Message);
        Assert.Contains("the file holds a fcn32s of width 0.03125 with 5 classes", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void A_bare_state_dict_of_another_width_is_refused_in_one_short_line()
    {
        using var wide = ModelZoo.Create("fcn8s", 21, 1.0 / 8);
        var path = Path.Combine(dir, "pytorch-fcn.pth");
        WeightsFile.Write(wide.state_dict(), path);   // no record: what pytorch-fcn's files are
        var e = Assert.Throws<InvalidDataException>(() => FcnWeights.Create(path, "fcn8s", W, 21));
        Assert.StartsWith(path + ": does not fit a fcn8s of width 0.03125 with 21 classes:", e.Message);
        Assert.Contains("tensors of another shape (conv1_1.weight: expected [2, 3, 3, 3], got [8, 3, 3, 3]", e.Message);
        Assert.Contains("another width or class count", e.Message);
        Assert.True(e.Message.Length < 400, $"{e.Message.Length} characters: {e.Message}");
        // Without a record, the model must be named.
        var none = Assert.Throws<ArgumentException>(() => FcnWeights.Create(path, null, null, null));
        Assert.Contains("does not record which net it holds", none.Message);
        Assert.Contains("--model", none.Message);
    }

    [Fact]
    public void A_record_that_names_no_zoo_net_is_an_error_naming_the_key()
    {
        var path = Path.Combine(dir, "old.pth");
        using var t = zeros(2);
        PthZip.WriteObject(new PthDict { ["model_name"] = "Fcn8s", ["width"] = 1.0, ["classes"] = 21L,
            ["model_state_dict"] = PthDict.StateDict(new[] { KeyValuePair.Create("x", t) }) }, path);
        using var file = WeightsFile.Read(path);
        var e = Assert.Throws<InvalidDataException>(() => ModelIdentity.Read(file));
        Assert.Contains("'model_name' is 'Fcn8s'", e.Message);
        Assert.Contains("--model", e.Message);

        PthZip.WriteObject(new PthDict { ["model_name"] = "fcn8s", ["width"] = -1.0, ["classes"] = 21L,
            ["model_state_dict"] = PthDict.StateDict(new[] { KeyValuePair.Create("x", t) }) }, path);
        using var bad = WeightsFile.Read(path);
        Assert.Contains("'width' is -1", Assert.Throws<InvalidDataException>(() => ModelIdentity.Read(bad)).Message);
    }

    [Fact]
    public void PyTorch_reads_the_final_weights_and_their_record()
    {
        using var net = ModelZoo.Create("fcn8s", 4, W);
        var path = Path.Combine(dir, "final.pth");
        FcnWeights.Save(net, path);
        var script = Path.Combine(dir, "open.py");
        File.WriteAllText(script, """
            import sys, torch
            c = torch.load(sys.argv[1])   # (1.13's weights_only unpickler lacks BINFLOAT; 2.x's has it)
            print(c["format"], c["model_name"], c["width"], c["classes"], len(c["model_state_dict"]), tuple(c["model_state_dict"]["score_fr.weight"].shape))
            """);
        var (rc, output) = Python.Run(script, $"\"{path}\"");
        Assert.True(rc == 0, "PyTorch could not open final.pth: " + output);
        Assert.Equal($"fcn-workbench-weights fcn8s 0.03125 4 {net.state_dict().Count} (4, 128, 1, 1)", output.Trim());
    }
}
