namespace Workbench.Fuzz.Tests;

/// <summary>
/// The fast subset of the structural fuzz (`make fuzz` is the long run): a few hundred inputs per
/// reader, built by structure or mutated from the fixtures, in watched child processes. Every input
/// must end in a read or a clear refusal naming the file; none may kill or stall its process.
/// </summary>
public class StructuralFuzzTests
{
    const long Seed = 14;
    const int Count = 150;

    // Not a timing assertion: a reader that stops reporting for this long is stuck, not slow.
    const double HangSeconds = 120;

    public static TheoryData<string> Formats() => new(FuzzFormats.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_input_is_read_or_refused_clearly_without_a_crash_or_a_hang(string format)
    {
        var report = new FuzzRunner(Seed, HangSeconds, outDir: null).Run(FuzzFormats.Get(format), Count);
        var problems = string.Join("\n", report.Problems.Take(10).Select(p => $"input {p.Index} ({p.Generator}): {p.Outcome}: {p.Message}"));
        Assert.True(report.Wrong == 0 && report.Crashes == 0 && report.Hangs == 0,
            $"{format}: {report.Wrong} wrong, {report.Crashes} crashes, {report.Hangs} hangs\n{problems}");
        Assert.Equal(Count, report.Ok + report.Refused);
        // Both outcomes happen: the generators make valid files as well as hostile ones.
        Assert.True(report.Ok > 0 && report.Refused > 0, $"{format}: {report.Ok} read, {report.Refused} refused");
    }

    [Fact]
    public void Every_generator_of_every_format_makes_inputs_the_same_way_twice()
    {
        foreach (var format in FuzzFormats.All)
            foreach (var (name, make) in format.Generators)
                Assert.True(make(new Random(5)).AsSpan().SequenceEqual(make(new Random(5))), $"{format.Name} {name}");
    }
}
