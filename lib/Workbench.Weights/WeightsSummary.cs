using System.Globalization;
using System.Text;
using System.Text.Json;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Weights;

/// <summary>One entry of a weights file as `workbench inspect weights` lists it.</summary>
public sealed record EntrySummary(string Name, long[] Shape, ScalarType DType, long Numel, double Sum, double Mean);

/// <summary>Shapes, dtypes, sums and means of a state dict, as text or JSON (the same fields).</summary>
public static class WeightsSummary
{
    public static List<EntrySummary> Entries(StateDictFile file) =>
        file.Entries.Select(kv =>
        {
            var t = kv.Value;
            long n = t.numel();
            double sum = StridedSum.Of(t);
            return new EntrySummary(kv.Key, t.shape, t.dtype, n, sum, n == 0 ? double.NaN : sum / n);
        }).ToList();

    public static string Json(StateDictFile file)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", file.Path);
            w.WriteString("format", file.Format.Name());
            w.WriteString("format_description", file.Format.Description());
            if (file.NestedKey is null) w.WriteNull("nested_key"); else w.WriteString("nested_key", file.NestedKey);
            w.WriteStartArray("entries");
            foreach (var e in Entries(file))
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteStartArray("shape");
                foreach (var d in e.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteString("dtype", e.DType.Name());
                w.WriteNumber("numel", e.Numel);
                Number(w, "sum", e.Sum);
                Number(w, "mean", e.Mean);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("skipped");
            foreach (var s in file.Skipped)
            {
                w.WriteStartObject();
                w.WriteString("key", s.Key);
                w.WriteString("what", s.What);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("metadata");
            foreach (var (k, v) in file.Metadata) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // JSON has no NaN or infinity: those become null.
    static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    public static string Text(StateDictFile file)
    {
        var entries = Entries(file);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Printable.Escape(file.Path)}: {file.Format.Name()} ({file.Format.Description()})");
        sb.AppendLine(file.NestedKey is null ? "" : $", state dict under '{Printable.Escape(file.NestedKey)}'");
        var rows = entries.Select(e => new[]
        {
            Printable.Escape(e.Name), "[" + string.Join(", ", e.Shape) + "]", e.DType.Name(),
            e.Sum.ToString("G8", CultureInfo.InvariantCulture), e.Mean.ToString("G8", CultureInfo.InvariantCulture),
        }).Prepend(new[] { "name", "shape", "dtype", "sum", "mean" }).ToList();
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var r in rows)
            sb.AppendLine(string.Join("  ", r.Select((cell, c) => c >= 3 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        sb.AppendLine(CultureInfo.InvariantCulture, $"{entries.Count} tensors, {entries.Sum(e => e.Numel)} values");
        foreach (var s in file.Skipped) sb.AppendLine($"skipped {Printable.Escape(s.Key)}: {Printable.Escape(s.What)}");
        foreach (var (k, v) in file.Metadata) sb.AppendLine($"metadata {Printable.Escape(k)}: {Printable.Escape(v)}");
        return sb.ToString();
    }
}
