using System.Globalization;
using Workbench.Fcn.Models;
using Workbench.Weights;

namespace Workbench.Fcn.Weights;

/// <summary>
/// What net a weights file is for — its <see cref="ModelZoo"/> name, width multiplier and class
/// count — as <c>workbench train</c>'s checkpoints and final weights record it ('model_name',
/// 'width', 'classes' beside 'model_state_dict'; in a safetensors file, its metadata). With it,
/// eval and predict rebuild the net without being told, and an option that asks for another net
/// is one line naming both, not a list of every mis-shaped tensor.
/// </summary>
public sealed record ModelIdentity(string ModelName, double Width, long Classes)
{
    public const string NameKey = "model_name", WidthKey = "width", ClassesKey = "classes";

    /// <summary>The identity of a zoo net (null for one <see cref="ModelZoo.Create(string, long, double, Upsampling, long)"/> cannot rebuild).</summary>
    public static ModelIdentity? Of(FcnModel net) =>
        ModelZoo.NameOf(net) is { } name ? new ModelIdentity(name, net.Trunk.Width, net.NumClasses) : null;

    /// <summary>
    /// The identity a file records, or null when it records none (a pytorch-fcn or Caffe file). A
    /// record that is there but incomplete or not a zoo net's is an error naming the file and key.
    /// </summary>
    public static ModelIdentity? Read(StateDictFile file)
    {
        var fields = file.Format == WeightsFormat.SafeTensors
            ? file.Metadata.ToDictionary(kv => kv.Key, kv => (object) kv.Value)
            : file.Fields.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (!fields.ContainsKey(NameKey)) return null;
        InvalidDataException Bad(string key, string expected) =>
            new($"{file.Path}: '{key}' is {Describe(fields.GetValueOrDefault(key))}, expected {expected}");
        var name = fields[NameKey] as string ?? throw Bad(NameKey, "a model name");
        // Checkpoints written before the zoo name was recorded hold the class name ('Fcn8s'), which names no trunk.
        if (!ModelZoo.Models.ContainsKey(name)) throw Bad(NameKey, $"one of {string.Join(", ", ModelZoo.Models.Keys)} (give --model to say which net it is)");
        double width = fields.GetValueOrDefault(WidthKey) switch
        {
            double d => d,
            long l => l,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => double.NaN,
        };
        if (!(width > 0 && width <= ModelLimits.MaxWidth)) throw Bad(WidthKey, $"a width multiplier in (0, {ModelLimits.MaxWidth.ToString(CultureInfo.InvariantCulture)}]");
        long classes = fields.GetValueOrDefault(ClassesKey) switch
        {
            long l => l,
            string s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var l) => l,
            _ => 0,
        };
        if (classes is < 1 or > ModelLimits.MaxClasses) throw Bad(ClassesKey, $"a class count from 1 to {ModelLimits.MaxClasses}");
        return new ModelIdentity(name, width, classes);
    }

    /// <summary>As safetensors metadata (all strings).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        [NameKey] = ModelName, [WidthKey] = Width.ToString("R", CultureInfo.InvariantCulture), [ClassesKey] = Classes.ToString(CultureInfo.InvariantCulture),
    };

    static string Describe(object? v) => v switch
    {
        null => "missing",
        string s => $"'{Workbench.Engine.Printable.Escape(s)}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "?",
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ModelName} of width {Width:0.######} with {Classes} classes");
}
