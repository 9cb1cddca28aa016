using System.Globalization;
using System.Text.Json;

namespace Workbench.Fuzz.Tests;

/// <summary>
/// <c>dotnet Workbench.Fuzz.Tests.dll fuzz [--count N] [--seed S] [--formats a,b] [--hang-seconds H] [--out DIR]</c>:
/// the long structural fuzz run (`make fuzz`): N inputs per format, each format in child processes,
/// a table of inputs, results, crashes, hangs, slowest input and peak memory, and DIR/report.json.
/// <c>child FORMAT SEED FROM COUNT</c> is the child it starts.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 5 && args[0] == "child")
            return FuzzChild.Run(FuzzFormats.Get(args[1]), L(args[2]), L(args[3]), L(args[4]));
        if (args.Length >= 1 && args[0] == "fuzz") return Fuzz(args[1..]);
        if (args.Length == 1 && args[0] == "hostile-cases") return HostileCases.Run();
        if (args.Length == 4 && args[0] == "one") return One(FuzzFormats.Get(args[1]), L(args[2]), L(args[3]));
        Console.Error.WriteLine("usage: fuzz [--count N] [--seed S] [--formats a,b] [--hang-seconds H] [--out DIR]");
        return 2;
    }

    // One input, read in this process: for looking at a case the run reported.
    static int One(FuzzFormat format, long seed, long index)
    {
        var (kind, bytes) = format.Make(seed, index);
        var dir = Directory.CreateTempSubdirectory("wb-fuzz-one-").FullName;
        var path = Path.Combine(dir, format.FileName);
        File.WriteAllBytes(path, bytes);
        Console.WriteLine($"{format.Name} input {index}: {kind}, {bytes.Length} bytes, {path}");
        PeakMemory.Reset();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = FuzzChild.Try(format, path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F3} s, peak {PeakMemory.Bytes() >> 20} MiB"));
        Console.WriteLine(error is null ? "read" : $"{(format.IsClear(error, path) ? "refused clearly" : "WRONG")}: {error.GetType().Name}: {error.Message}");
        return 0;
    }

    static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    static int Fuzz(string[] args)
    {
        long count = 100_000, seed = 1;
        double hang = 60;
        string outDir = "artifacts/fuzz";
        var names = FuzzFormats.All.Select(f => f.Name).ToList();
        for (int i = 0; i + 1 < args.Length; i += 2)
            switch (args[i])
            {
                case "--count": count = L(args[i + 1]); break;
                case "--seed": seed = L(args[i + 1]); break;
                case "--hang-seconds": hang = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": outDir = args[i + 1]; break;
                case "--formats": names = args[i + 1].Split(',').ToList(); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        Directory.CreateDirectory(outDir);
        var runner = new FuzzRunner(seed, hang, outDir, Console.Out);
        var reports = new List<FormatReport>();
        Console.WriteLine($"structural fuzz: {count} inputs per format, seed {seed}, a hang is {hang} s without progress");
        foreach (var name in names)
        {
            var report = runner.Run(FuzzFormats.Get(name), count);
            reports.Add(report);
            Console.WriteLine(Line(report));
            foreach (var p in report.Problems.Take(10)) Console.WriteLine($"    input {p.Index} ({p.Generator}): {p.Outcome}: {p.Message}");
            File.WriteAllText(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(reports, new JsonSerializerOptions { WriteIndented = true }));
        }
        Console.WriteLine();
        Console.WriteLine("| format | inputs | read | refused clearly | wrong | crashes | hangs | slowest input | peak RSS of one input | wall |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in reports)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Format} | {r.Inputs} | {r.Ok} | {r.Refused} | {r.Wrong} | {r.Crashes} | {r.Hangs} | {r.SlowestSeconds:F2} s (#{r.SlowestIndex}) | {r.PeakBytes >> 20} MiB (#{r.PeakIndex}) | {r.WallSeconds:F0} s |"));
        Console.WriteLine($"report: {Path.Combine(outDir, "report.json")}");
        return reports.All(r => r.Wrong == 0 && r.Crashes == 0 && r.Hangs == 0) ? 0 : 1;
    }

    static string Line(FormatReport r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Format}: {r.Inputs} inputs, {r.Ok} read, {r.Refused} refused clearly, {r.Wrong} wrong, {r.Crashes} crashes, {r.Hangs} hangs; " +
        $"slowest {r.SlowestSeconds:F2} s, peak {r.PeakBytes >> 20} MiB; {r.WallSeconds:F0} s");
}
