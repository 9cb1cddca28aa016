using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Workbench.Fcn;
using Workbench.Fcn.Models;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench model info MODEL [--json]</c>: Table 1's columns and the derived crop offsets of a named net.</summary>
internal static class ModelInfoCommand
{
    internal static Command Create()
    {
        var model = new Argument<string>("model") { Description = $"one of: {string.Join(", ", ModelZoo.Models.Keys)}" };
        var classes = new Option<long>("--classes") { Description = "number of classes", DefaultValueFactory = _ => 21 };
        var width = new Option<double>("--width") { Description = "channel width multiplier (1.0 = the paper's net)", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var info = new Command("info", "Parameters, conv layers, receptive field, stride and crop offsets of a model, computed from its layers")
            .WithExamples("workbench model info fcn8s", "workbench model info fcn-alexnet --classes 33 --json");
        info.Arguments.Add(model);
        info.Options.Add(classes);
        info.Options.Add(width);
        info.Options.Add(json);
        info.SetAction(r => CommandLine.Guard(() => Run(r.GetValue(model)!, r.GetValue(classes), r.GetValue(width), r.GetValue(json))));

        var group = new Command("model", "Inspect the FCN models");
        group.Subcommands.Add(info);
        return group;
    }

    static int Run(string name, long classes, double width, bool json)
    {
        using var net = ModelZoo.Create(name, classes, width);
        var f = ArchitectureFacts.Of(net, name);
        // Table 1 gives GoogLeNet's field as a classifier, with the 7×7 average pool that the FCN discards.
        long? classifierField = null;
        if (net.Trunk is Workbench.Fcn.Backbones.GoogLeNet)
        {
            using var classifier = new Fcn32s(new Workbench.Fcn.Backbones.GoogLeNet(width, averagePool: true), classes);
            classifierField = ArchitectureFacts.Of(classifier).ReceptiveField;
        }
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = name, description = ModelZoo.Models[name.Trim().ToLowerInvariant()], classes, width,
                learned_parameters = f.LearnedParameters, total_parameters = f.TotalParameters, conv_layers = f.ConvLayers,
                receptive_field = f.ReceptiveField, classifier_receptive_field = classifierField, max_stride = f.MaxStride, crop_offsets = f.CropOffsets,
            }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{name}: {ModelZoo.Models[name.Trim().ToLowerInvariant()]}");
        Console.WriteLine($"  classes            {classes}, width ×{width.ToString(c)}");
        Console.WriteLine($"  parameters         {(f.LearnedParameters / 1e6).ToString("F1", c)}M learned ({f.LearnedParameters.ToString("N0", c)}); " +
                          $"{(f.TotalParameters / 1e6).ToString("F1", c)}M with the fixed bilinear upsampling");
        Console.WriteLine($"  conv layers        {f.ConvLayers}");
        Console.WriteLine($"  receptive field    {f.ReceptiveField}" +
                          (classifierField is { } cf ? $" ({cf} with the classifier's 7×7 average pool, as Table 1 counts it)" : ""));
        Console.WriteLine($"  max stride         {f.MaxStride}");
        Console.WriteLine($"  crop offsets       {string.Join(", ", f.CropOffsets.Select(kv => $"{kv.Key} {kv.Value}"))}");
        return 0;
    }
}
