using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Workbench.Vision.Mat;

namespace Workbench.Cli.Commands;

internal static class InspectMatCommand
{
    internal static Command Create()
    {
        var file = new Argument<string>("file") { Description = "a MATLAB v5 .mat file" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of text" };
        var command = new Command("mat", "Variables of a MATLAB .mat file: classes, shapes, and sum/min/max of numeric arrays")
            .WithExamples("workbench inspect mat data/sbd/dataset/cls/2008_000002.mat");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            var mat = MatFile.Read(r.GetValue(file)!);
            var lines = MatSummary.Of(mat);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    file = mat.Source,
                    header = mat.HeaderText,
                    big_endian = mat.IsBigEndian,
                    variables = lines.Select(l => new { name = l.Path, @class = l.Class, shape = l.Shape, sum = l.Sum, min = l.Min, max = l.Max, note = l.Text }),
                }, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
                return 0;
            }
            Console.WriteLine($"{mat.Source}: {mat.HeaderText}{(mat.IsBigEndian ? " (big-endian)" : "")}");
            int width = Math.Max(8, lines.Count == 0 ? 0 : lines.Max(l => l.Path.Length));
            Console.WriteLine($"{"name".PadRight(width)}  {"class",-15} {"shape",-12} {"sum",14} {"min",12} {"max",12}");
            foreach (var l in lines)
                Console.WriteLine($"{l.Path.PadRight(width)}  {l.Class,-15} {l.Shape,-12} {Num(l.Sum),14} {Num(l.Min),12} {Num(l.Max),12}  {l.Text}".TrimEnd());
            return 0;
        }));
        return command;
    }

    static string Num(double? v) => v is { } d ? d.ToString("G8", CultureInfo.InvariantCulture) : "";
}
