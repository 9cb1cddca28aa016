using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Weights;

namespace Workbench.Weights.Tests;

/// <summary>
/// Truncated and bit-flipped copies of every fixture: each read ends, within a second, in either a
/// correct state dict or a <see cref="WeightsFormatException"/> naming the file — never a crash or a hang.
/// </summary>
public class WeightsFuzzTests
{
    public static TheoryData<string> Files() => new(Fixtures.Names());

    static void ReadsOrFailsClearly(string path)
    {
        // A busy build machine can stall one read past the limit; a real hang stalls the second try too.
        var error = ReadWithin(path, TimeSpan.FromSeconds(1), out bool finished);
        if (!finished) error = ReadWithin(path, TimeSpan.FromSeconds(1), out finished);
        if (!finished) throw new TimeoutException($"reading {path} took more than a second, twice");
        if (error is not null && !(error is WeightsFormatException w && w.Message.Contains(path)))
            throw new Exception($"{error.GetType().Name} instead of a WeightsFormatException: {error.Message}", error);
    }

    static Exception? ReadWithin(string path, TimeSpan limit, out bool finished)
    {
        // A thread of its own: a thread-pool task could wait behind other tests' work and look like a hang.
        Exception? error = null;
        var reader = new Thread(() =>
        {
            try
            {
                using var f = WeightsFile.Read(path);
                foreach (var t in f.Entries.Values)
                {
                    using var d = t.to(ScalarType.Float64);
                    using var s = d.sum();
                    _ = s.item<double>(); // the tensors are usable
                }
            }
            catch (Exception e)
            {
                error = e;
            }
        }) { IsBackground = true };
        reader.Start();
        finished = reader.Join(limit);
        if (!finished) reader.Join(TimeSpan.FromSeconds(10)); // let a merely slow read end before the retry
        return error;
    }

    static WeightsFuzzTests()
    {
        // Compile the readers before any timing starts.
        foreach (var name in Fixtures.Names()) WeightsFile.Read(Fixtures.PathOf(name)).Dispose();
    }

    // Hands the fixture's bytes to `cases`, whose `check` writes one variant to a temporary copy
    // (same file name, so messages can be matched) and reads it.
    static void Fuzz(string name, Action<byte[], Action<byte[]>> cases)
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf(name));
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, name);
        try
        {
            cases(bytes, variant =>
            {
                File.WriteAllBytes(path, variant);
                ReadsOrFailsClearly(path);
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Truncated_files_fail_clearly(string name) => Fuzz(name, (bytes, check) =>
        Prop.ForAll(Gen.Choose(0, bytes.Length - 1).ToArbitrary(), length => check(bytes[..length])).QuickCheckThrowOnFailure());

    [Theory]
    [MemberData(nameof(Files))]
    public void Flipped_bytes_fail_clearly_or_read(string name) => Fuzz(name, (bytes, check) =>
    {
        var flips = Gen.ListOf(Gen.Zip(Gen.Choose(0, bytes.Length - 1), Gen.Choose(1, 255)))
            .Where(l => l.Count > 0 && l.Count <= 8);
        Prop.ForAll(flips.ToArbitrary(), changes =>
        {
            var copy = (byte[]) bytes.Clone();
            foreach (var (at, mask) in changes) copy[at] ^= (byte) mask;
            check(copy);
        }).QuickCheckThrowOnFailure();
    });

    [Theory]
    [MemberData(nameof(Files))]
    public void Random_byte_values_at_each_offset_fail_clearly_or_read(string name) => Fuzz(name, (bytes, check) =>
    {
        // Up to 200 evenly spread offsets, each set to a random byte: every offset of the smallest fixtures.
        var random = new Random(name.Length);
        for (int at = 0; at < bytes.Length; at += Math.Max(1, bytes.Length / 200))
        {
            var copy = (byte[]) bytes.Clone();
            copy[at] = (byte) random.Next(256);
            check(copy);
        }
    });
}
