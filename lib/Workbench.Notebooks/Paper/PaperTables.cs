using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Paper;

/// <summary>
/// The paper's tables (paper/tables.json: one entry per table, each with a caption and rows of named
/// columns), so a notebook can print them beside its own numbers.
/// </summary>
public sealed class PaperTables
{
    readonly JsonObject root;

    PaperTables(JsonObject root, string path)
    {
        this.root = root;
        Path = path;
    }

    public string Path { get; }

    public IEnumerable<string> Names => root.Where(kv => kv.Value is JsonObject o && o["rows"] is JsonArray).Select(kv => kv.Key);

    public static PaperTables Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"paper tables not found: {path}", path);
        try
        {
            return new PaperTables(JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                                   ?? throw new InvalidDataException($"{path}: expected a JSON object of tables"), path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    public PaperTable this[string name] =>
        root[name] is JsonObject { } table && table["rows"] is JsonArray rows
            ? new PaperTable(name, (string?) table["caption"] ?? "", rows.OfType<JsonObject>().ToList(), Path)
            : throw new KeyNotFoundException($"{Path} has no table '{name}'; it has: {string.Join(", ", Names)}");
}

public sealed class PaperTable(string name, string caption, IReadOnlyList<JsonObject> rows, string source)
{
    public string Name { get; } = name;
    public string Caption { get; } = caption;
    public IReadOnlyList<JsonObject> Rows { get; } = rows;

    /// <summary>The row whose <paramref name="keyColumn"/> equals <paramref name="key"/> (compared as text).</summary>
    public JsonObject Row(string keyColumn, object key)
    {
        var text = Convert.ToString(key, CultureInfo.InvariantCulture);
        return Rows.FirstOrDefault(r => r[keyColumn] is { } v && (v.GetValueKind() == JsonValueKind.String ? (string?) v : v.ToJsonString()) == text)
               ?? throw new KeyNotFoundException($"{source}: table '{Name}' has no row with {keyColumn} = {text}");
    }

    /// <summary>A number of the table (NaN where the paper leaves the cell empty).</summary>
    public double Value(string keyColumn, object key, string column)
    {
        var row = Row(keyColumn, key);
        if (!row.ContainsKey(column))
            throw new KeyNotFoundException($"{source}: table '{Name}' has no column '{column}'; it has: {string.Join(", ", row.Select(kv => kv.Key))}");
        return row[column] is JsonValue v && v.TryGetValue(out double d) ? d : double.NaN;
    }

    /// <summary>
    /// The paper's numbers beside this run's: one row per key, for each column "paper" then "this run (scale)".
    /// <paramref name="ours"/> gives this run's value for (key, column), NaN where it has none.
    /// </summary>
    public Table Beside(string keyColumn, IEnumerable<object> keys, IReadOnlyList<string> columns, Func<object, string, double> ours, string scale)
    {
        var header = new List<string> { keyColumn };
        foreach (var c in columns)
        {
            header.Add($"{c} (paper)");
            header.Add($"{c} (this run, {scale})");
        }
        var table = new Table(header.ToArray()) { Caption = $"{Caption} — paper beside this run at scale '{scale}'", NumberFormat = "0.0" };
        foreach (var key in keys)
        {
            var cells = new List<object?> { key };
            foreach (var c in columns)
            {
                cells.Add(Value(keyColumn, key, c));
                cells.Add(ours(key, c));
            }
            table.Add(cells.ToArray());
        }
        return table;
    }
}

public static class PaperTableRuns
{
    /// <summary>
    /// The paper's rows, then this run's, under one header: for tables whose rows are nets (Tables 2, 4,
    /// 5). <paramref name="columns"/> pairs a column of tables.json with its header; each run gives its
    /// values in that order, in percent. A cell the paper leaves empty shows "—".
    /// </summary>
    public static Table WithRuns(this PaperTable paper, string keyColumn, IReadOnlyList<(string Column, string Header)> columns,
                                 IEnumerable<(string Name, double[] Values)> runs, string runLabel)
    {
        var table = new Table(columns.Select(c => c.Header).Prepend("").ToArray()) { NumberFormat = "0.0", Caption = $"{paper.Caption.TrimEnd('.')}; this run: {runLabel}" };
        foreach (var row in paper.Rows)
        {
            var key = (object?) row[keyColumn]?.ToString() ?? "";
            table.Add(columns.Select(c => (object?) paper.Value(keyColumn, key, c.Column)).Prepend($"paper: {key}").ToArray());
        }
        foreach (var (name, values) in runs)
        {
            if (values.Length != columns.Count)
                throw new ArgumentException($"run '{name}' has {values.Length} values for {columns.Count} columns ({string.Join(", ", columns.Select(c => c.Column))})", nameof(runs));
            table.Add(values.Select(v => (object?) v).Prepend($"this run: {name}").ToArray());
        }
        return table;
    }
}
