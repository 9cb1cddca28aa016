namespace Workbench.Fuzz.Tests;

/// <summary>PyTorch's legacy .pth: the pickle attacks in the legacy layout, and its storage table's lies.</summary>
internal sealed class PthLegacyFuzz : WeightsFuzzFormat
{
    public override string Name => "pth-legacy";
    public override string FileName => "case.pth";

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
        PickleAttacks.All.Select(a => (a.Name, (Func<Random, byte[]>) (r => Wrap(a.Make(r)))))
            .Concat(new (string, Func<Random, byte[]>)[]
            {
                ("storage-count-lies", CountLies),
                ("key-list-lies", KeyListLies),
                ("truncated-storage", r => { var b = Wrap(Valid(r)); return b[..(b.Length - 1 - r.Next(Math.Min(64, b.Length - 1)))]; }),
            }).ToList();

    public override IReadOnlyList<byte[]> Seeds { get; } =
        Fixtures.Files("_legacy.pth").Append(Wrap(Valid(new Random(1)))).ToList();

    static PthContent Valid(Random r) => PickleAttacks.All[0].Make(r);

    static byte[] Wrap(PthContent c) => PthBuilder.Legacy(c.Pickle, c.Storages);

    static byte[] CountLies(Random r)
    {
        var c = Valid(r);
        return PthBuilder.Legacy(c.Pickle, c.Storages.Select(s => (s.Key, r.Next(2) == 0 ? Mutations.Edgy(r) : s.Numel, s.Bytes)));
    }

    static byte[] KeyListLies(Random r)
    {
        var c = Valid(r);
        var keys = c.Storages.Select(s => s.Key).ToList();
        switch (r.Next(3))
        {
            case 0: keys.Add("nonexistent"); break;
            case 1: keys.Add(keys[0]); break;
            default: keys.RemoveAt(0); break;
        }
        return PthBuilder.Legacy(c.Pickle, c.Storages, keys);
    }
}
