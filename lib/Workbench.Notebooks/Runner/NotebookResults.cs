using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// The numbers a notebook reports (<c>results.Record("mean_iu", 61.2)</c>), written to a JSON file so
/// scripts can compare runs: by <c>workbench run</c> beside the executed notebook, or, in a kernel, to
/// <see cref="SavePath"/> at every Record. NaN and infinities become null (JSON has neither).
/// </summary>
public sealed class NotebookResults
{
    readonly object gate = new();
    readonly JsonObject values = new();

    /// <summary>
    /// The one unit of every results file, stated in it: accuracies and IUs are percentages, as the
    /// paper prints them, so a run's JSON and the paper's tables compare without conversion.
    /// </summary>
    public const string Units = "accuracies and IUs in percent (0-100); times in the unit their key names (_ms, _s)";

    /// <summary>Where every Record rewrites the results (atomically); null: the host writes them.</summary>
    public string? SavePath { get; init; }

    public void Record(string key, object? value)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("a result needs a name", nameof(key));
        var node = ToJson(value);
        string? text = null;
        lock (gate)
        {
            values[key] = node;
            if (SavePath is not null) text = new JsonObject { ["units"] = Units, ["results"] = values.DeepClone() }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        }
        if (text is not null) Workbench.Engine.AtomicFile.WriteAllText(SavePath!, text);
    }

    /// <summary>The results a run saved at <paramref name="path"/> (empty when it recorded none).</summary>
    public static JsonObject ReadSaved(string path)
    {
        if (!File.Exists(path)) return new JsonObject();
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["results"]?.DeepClone() as JsonObject ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the saved results are not JSON ({e.Message})", e);
        }
    }

    public IReadOnlyCollection<string> Keys
    {
        get { lock (gate) return values.Select(kv => kv.Key).ToArray(); }
    }

    public JsonObject ToJsonObject()
    {
        lock (gate) return (JsonObject) values.DeepClone();
    }

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        string s => s,
        bool b => b,
        double d => double.IsFinite(d) ? d : null,
        float f => float.IsFinite(f) ? f : null,
        int i => i,
        long l => l,
        short or byte or sbyte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u,
        decimal m => m,
        Table t => new JsonArray(t.Rows.Select(r => (JsonNode?) new JsonObject(t.Header.Select((h, i) =>
            new KeyValuePair<string, JsonNode?>(h, ToJson(r[i]))))).ToArray()),
        IDictionary dict => new JsonObject(Entries(dict).Select(e =>
            new KeyValuePair<string, JsonNode?>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", ToJson(e.Value)))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }),
    };

    // IDictionary's own enumerator: a generic Dictionary's IEnumerable yields KeyValuePairs, not DictionaryEntry.
    static IEnumerable<DictionaryEntry> Entries(IDictionary dict)
    {
        var e = dict.GetEnumerator();
        while (e.MoveNext()) yield return e.Entry;
    }
}
