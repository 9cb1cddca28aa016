namespace Workbench.Fuzz.Tests;

/// <summary>
/// One reader under fuzz: how to make its inputs and how to read one as a user's command would
/// (the reader, then the summary `workbench inspect` prints). Inputs are a pure function of
/// (seed, index), so any case is regenerated from its number alone.
/// </summary>
internal abstract class FuzzFormat
{
    public abstract string Name { get; }

    /// <summary>The file name the input is written to (extensions matter to format detection).</summary>
    public abstract string FileName { get; }

    /// <summary>The structural generators: hostile files built by structure, by name.</summary>
    public abstract IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; }

    /// <summary>Valid files of this format to mutate: the committed fixtures and generated ones.</summary>
    public abstract IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>Reads the file as `workbench inspect` does; throws what the reader throws.</summary>
    public abstract void Read(string path);

    /// <summary>Whether an exception is the clear error this reader promises: its type, and a message naming the file.</summary>
    public abstract bool IsClear(Exception e, string path);

    /// <summary>The index-th input: a structural generator's (two in three) or a mutation of a seed.</summary>
    public (string Kind, byte[] Bytes) Make(long seed, long index)
    {
        var random = new Random(Mix(seed, index, Name));
        if (random.Next(3) < 2)
        {
            var (name, make) = Generators[random.Next(Generators.Count)];
            return (name, make(random));
        }
        var source = Seeds[random.Next(Seeds.Count)];
        return ("mutation", Mutations.Apply(source, random));
    }

    static int Mix(long seed, long index, string name)
    {
        // SplitMix64 of (seed, index, format): the same input in every process and run.
        ulong z = unchecked((ulong) seed * 0x9E3779B97F4A7C15UL + (ulong) index);
        foreach (char c in name) z = unchecked(z * 31 + c);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int) ((z ^ (z >> 31)) & int.MaxValue);
    }
}
