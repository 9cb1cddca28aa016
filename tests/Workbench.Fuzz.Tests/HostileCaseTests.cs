using System.Globalization;

namespace Workbench.Fuzz.Tests;

/// <summary>
/// Each failure issue 14 reported ends in a correct read or a clear refusal naming the file, in bounded
/// memory. Read in one child process (HostileCases.Run), so that a regression to a stack overflow
/// fails these tests instead of killing the test host.
/// </summary>
public class HostileCaseTests
{
    sealed record Outcome(string Result, long PeakBytes, string Message);

    static readonly Lazy<Dictionary<string, Outcome>> outcomes = new(RunChild);

    static Dictionary<string, Outcome> RunChild()
    {
        using var child = System.Diagnostics.Process.Start(ChildProcess.StartInfo("hostile-cases"))!;
        child.ErrorDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        var results = new Dictionary<string, Outcome>();
        string? current = null;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("> ", StringComparison.Ordinal)) current = line[2..];
            else if (line.StartsWith("= ", StringComparison.Ordinal))
            {
                var parts = line[2..].Split(' ', 4);
                results[parts[0]] = new Outcome(parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture), parts.Length > 3 ? parts[3] : "");
                current = null;
            }
        }
        child.WaitForExit();
        if (current is not null) results[current] = new Outcome($"the process died (exit code {child.ExitCode})", 0, "");
        return results;
    }

    static Outcome Of(string name) =>
        outcomes.Value.TryGetValue(name, out var o) ? o : throw new Xunit.Sdk.XunitException($"case {name} was not reached: an earlier case killed the child");

    // The child's resident memory while reading one case, libtorch and the runtime included
    // (about 200 MB at rest): the reports were 2 to 22 GB.
    const long MemoryBound = 1L << 30;

    static void Refused(string name, params string[] fragments)
    {
        var o = Of(name);
        Assert.True(o.Result == "refused", $"{name}: {o.Result}: {o.Message}");
        foreach (var f in fragments) Assert.Contains(f, o.Message);
        Assert.True(o.PeakBytes < MemoryBound, $"{name}: peak {o.PeakBytes >> 20} MiB");
    }

    static void Read(string name)
    {
        var o = Of(name);
        Assert.True(o.Result == "read", $"{name}: {o.Result}: {o.Message}");
        Assert.True(o.PeakBytes < MemoryBound, $"{name}: peak {o.PeakBytes >> 20} MiB");
    }

    [Fact] public void Thousands_of_nested_cells_are_refused_not_a_stack_overflow() =>
        Refused("mat-3100-nested-cells", "nested more than 100 levels", "mat-3100-nested-cells-case.mat: variable 'c'");

    [Fact] public void A_compressed_mat_element_of_2GB_is_refused_before_it_is_inflated() =>
        Refused("mat-2gb-compression-bomb", "variable 'bomb'", "read limit of 1 GiB", "WORKBENCH_READ_LIMIT");

    [Fact] public void A_deflated_pickle_of_DUP_opcodes_is_refused_within_its_budget() =>
        Refused("pth-deflated-dup-bomb", "entry 'archive/data.pkl'", "the pickle builds objects of", "read limit");

    [Fact] public void A_zero_stride_view_is_summarised_from_its_storage() => Read("pth-zero-stride");

    [Fact] public void A_legacy_zero_stride_view_is_summarised_from_its_storage() => Read("pth-legacy-zero-stride");

    [Fact] public void A_JPEG_header_claiming_26000_squared_is_refused_before_decoding() =>
        Refused("jpeg-26000-squared", "26000x26000", "can encode");

    [Fact] public void A_million_dimension_pth_shape_is_refused() => Refused("pth-million-dimensions", "1000000 dimensions", "at most 64");

    [Fact] public void A_million_dimension_safetensors_shape_is_refused() =>
        Refused("safetensors-million-dimensions", "entry 'x'", "1000000 dimensions");

    [Fact] public void Sparse_dimensions_0_by_2_31_are_refused_clearly() =>
        Refused("mat-sparse-2^31-columns", "variable 's'", "2147483648 needed");

    [Fact] public void String_data_offsets_name_the_file_and_the_key() =>
        Refused("safetensors-string-offsets", "entry 'x'", "data_offsets is [\"0\",\"4\"]");

    [Fact] public void A_2_63_header_length_is_named_as_a_safetensors_header_problem() =>
        Refused("safetensors-2^63-header-length", "header length field says 9223372036854775808 bytes");

    [Fact] public void Colliding_integer_keys_read() => Read("pth-colliding-keys");

    [Fact]
    public void Every_case_was_run() =>
        Assert.Equal(HostileCases.All.Keys.Order(), outcomes.Value.Keys.Order());
}
