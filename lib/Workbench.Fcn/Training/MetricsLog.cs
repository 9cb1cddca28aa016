using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;

namespace Workbench.Fcn.Training;

/// <summary>One line of the metrics log: a training iteration or a validation pass.</summary>
public sealed record LogEntry(string Kind, long Iteration, double LearningRate, double Loss, double Seconds,
    double? PixelAccuracy = null, double? MeanAccuracy = null, double? MeanIU = null, double? FrequencyWeightedIU = null);

/// <summary>
/// The metrics log of a run, as CSV (metrics.csv) and JSON lines (metrics.jsonl) side by side.
/// On resume, entries past the checkpoint's iteration (written before a crash) are dropped, so
/// the log reads as if the run had never stopped. That rewrite is atomic (a kill during it leaves
/// the old log, never an empty one); entries are appended a line at a time, and a line torn by a
/// kill is dropped on the next read.
/// </summary>
public sealed class MetricsLog
{
    const string Header = "kind,iteration,lr,loss,seconds,pixel_acc,mean_acc,mean_iu,fw_iu";
    readonly string csv, jsonl;

    public MetricsLog(string directory, long resumeAt = 0)
    {
        Directory.CreateDirectory(directory);
        csv = Path.Combine(directory, "metrics.csv");
        jsonl = Path.Combine(directory, "metrics.jsonl");
        var kept = resumeAt > 0 ? Read(jsonl).Where(e => e.Iteration <= resumeAt).ToList() : new List<LogEntry>();
        // metrics.jsonl is the record the csv is rebuilt from: it is replaced last.
        AtomicFile.WriteAllText(csv, Header + "\n" + string.Concat(kept.Select(e => Csv(e) + "\n")));
        AtomicFile.WriteAllText(jsonl, string.Concat(kept.Select(e => Json(e) + "\n")));
    }

    public void Append(LogEntry e)
    {
        File.AppendAllText(csv, Csv(e) + "\n");
        File.AppendAllText(jsonl, Json(e) + "\n");
    }

    static string F(double? v) => v is { } d && !double.IsNaN(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    static string Csv(LogEntry e) =>
        $"{e.Kind},{e.Iteration},{F(e.LearningRate)},{F(e.Loss)},{F(e.Seconds)},{F(e.PixelAccuracy)},{F(e.MeanAccuracy)},{F(e.MeanIU)},{F(e.FrequencyWeightedIU)}";

    static string Json(LogEntry e)
    {
        // JSON has no NaN: an undefined value (a validation line's loss, a metric over no pixels) is null.
        static JsonNode? N(double? v) => v is { } d && double.IsFinite(d) ? JsonValue.Create(d) : null;
        var o = new JsonObject { ["kind"] = e.Kind, ["iteration"] = e.Iteration, ["lr"] = N(e.LearningRate), ["loss"] = N(e.Loss), ["seconds"] = N(e.Seconds) };
        if (e.PixelAccuracy.HasValue) o["pixel_acc"] = N(e.PixelAccuracy);
        if (e.MeanAccuracy.HasValue) o["mean_acc"] = N(e.MeanAccuracy);
        if (e.MeanIU.HasValue) o["mean_iu"] = N(e.MeanIU);
        if (e.FrequencyWeightedIU.HasValue) o["fw_iu"] = N(e.FrequencyWeightedIU);
        return o.ToJsonString();
    }

    /// <summary>The entries of a metrics.jsonl file.</summary>
    public static IReadOnlyList<LogEntry> Read(string path)
    {
        if (!File.Exists(path)) return Array.Empty<LogEntry>();
        var result = new List<LogEntry>();
        var lines = File.ReadAllLines(path);
        int last = Array.FindLastIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        for (int i = 0; i <= last; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            try
            {
                var o = JsonNode.Parse(lines[i])!.AsObject();
                double? D(string k) => o.TryGetPropertyValue(k, out var n) ? n?.GetValue<double>() ?? double.NaN : null;
                result.Add(new LogEntry(o["kind"]!.GetValue<string>(), o["iteration"]!.GetValue<long>(), D("lr") ?? 0, D("loss") ?? double.NaN,
                    D("seconds") ?? 0, D("pixel_acc"), D("mean_acc"), D("mean_iu"), D("fw_iu")));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                // The last line may be torn by a kill mid-append: it is dropped. Damage before it is not a kill's.
                if (i == last) break;
                throw new InvalidDataException($"{path}:{i + 1}: not a metrics log line ({e.Message})");
            }
        }
        return result;
    }
}
