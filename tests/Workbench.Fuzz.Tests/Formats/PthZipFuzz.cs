using System.IO.Compression;

namespace Workbench.Fuzz.Tests;

/// <summary>PyTorch's zip .pth: the pickle attacks in a zip, and the zip's own (bombs, lying directories, names).</summary>
internal sealed class PthZipFuzz : WeightsFuzzFormat
{
    public override string Name => "pth-zip";
    public override string FileName => "case.pth";

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
        PickleAttacks.All.Select(a => (a.Name, (Func<Random, byte[]>) (r => Wrap(a.Make(r), r))))
            .Concat(new (string, Func<Random, byte[]>)[]
            {
                ("deflated-dup-bomb", r => Wrap(PickleAttacks.All.First(a => a.Name == "dup-bomb").Make(r), r, deflatePickle: true)),
                ("storage-inflate-bomb", InflateBomb),
                ("lying-directory", LyingDirectory),
                ("duplicate-and-dotdot-names", OddNames),
                ("overlapping-records", OverlappingRecords),
                ("torchscript", r => PthBuilder.Zip([new("archive/data.pkl", Valid(r).Pickle), new("archive/constants.pkl", "\u0080\u0002)."u8.ToArray())])),
                ("missing-record", r => PthBuilder.Zip(Valid(r).Pickle, [])),
            }).ToList();

    public override IReadOnlyList<byte[]> Seeds { get; } =
        Fixtures.Files("_zip.pth", ".pt").Append(Wrap(Valid(new Random(1)), new Random(2))).ToList();

    public override void Read(string path)
    {
        base.Read(path);
        PeakMemory.Release();   // what the first read freed is not the second's
        try
        {
            ReadObjectTree(path);   // the checkpoint reader's path (CheckpointFile.Read)
        }
        catch (Exception e) when (IsClear(e, path))
        {
        }
    }

    static PthContent Valid(Random r) => PickleAttacks.All[0].Make(r);

    static byte[] Wrap(PthContent c, Random r, bool? deflatePickle = null) =>
        PthBuilder.Zip(c.Pickle, c.Storages.Select(s => (s.Key, s.Bytes)), deflatePickle ?? r.Next(4) == 0, r.Next(4) == 0);

    // A deflated record of zeros: megabytes in kilobytes, numel as the pickle claims (or more).
    static byte[] InflateBomb(Random r)
    {
        int bytes = Mutations.Scale(r, 64 << 20);
        long numel = r.Next(2) == 0 ? bytes / 4 : Mutations.EdgyNonNegative(r);
        var pickle = new PickleWriter().Proto().EmptyDict().Str("x").Tensor("0", numel, 0, [Math.Min(numel, bytes / 4)], [1]).SetItem().Stop().ToArray();
        var zip = PthBuilder.Zip(pickle, [("0", new byte[bytes])], deflateStorages: true);
        return r.Next(3) == 0 ? PthBuilder.LieAboutSizes(zip, (uint) Mutations.Edgy(r), uncompressed: true, compressed: false) : zip;
    }

    static byte[] LyingDirectory(Random r)
    {
        var c = Valid(r);
        var zip = PthBuilder.Zip(c.Pickle, c.Storages.Select(s => (s.Key, s.Bytes)), r.Next(2) == 0, r.Next(2) == 0);
        return PthBuilder.LieAboutSizes(zip, (uint) Mutations.Edgy(r), r.Next(2) == 0, r.Next(2) == 0);
    }

    static byte[] OddNames(Random r)
    {
        var c = Valid(r);
        var records = new List<PthBuilder.Record> { new("archive/data.pkl", c.Pickle) };
        foreach (var (key, _, bytes) in c.Storages)
        {
            records.Add(new($"archive/data/{key}", bytes));
            records.Add(new(r.Next(2) == 0 ? $"archive/data/{key}" : $"archive/../../data/{key}", new byte[r.Next(64)]));
        }
        if (r.Next(2) == 0) records.Add(new("../archive/data.pkl", "\u0080\u0002N."u8.ToArray()));
        records.Add(new("archive/version", "3\n"u8.ToArray()));
        return PthBuilder.Zip(records);
    }

    // Many storage keys whose directory entries all point at one large record: each a full copy.
    static byte[] OverlappingRecords(Random r)
    {
        int n = 1 + Mutations.Scale(r, 3000), elements = Mutations.Scale(r, 1 << 18);
        var w = new PickleWriter().Proto().EmptyDict();
        for (int i = 0; i < n; i += 500)
        {
            w.Mark();
            for (int k = i; k < Math.Min(n, i + 500); k++) w.Str($"t{k}").Tensor($"{k}", elements, 0, [elements], [1]);
            w.SetItems();
        }
        var big = PthBuilder.Floats(elements);
        var zip = PthBuilder.Zip(w.Stop().ToArray(), Enumerable.Range(0, n).Select(k => ($"{k}", k == 0 ? big : new byte[1])));
        return PointAllAtFirstRecord(zip, "archive/data/");
    }

    static byte[] PointAllAtFirstRecord(byte[] zip, string prefix)
    {
        // The entry's CRC, sizes (offsets 16–27) and local header offset (42) copied from the first.
        var b = (byte[]) zip.Clone();
        int first = -1;
        for (int i = 0; i + 46 <= b.Length; i++)
        {
            if (BitConverter.ToUInt32(b, i) != 0x02014b50) continue;
            int nameLength = BitConverter.ToUInt16(b, i + 28);
            var name = System.Text.Encoding.ASCII.GetString(b, i + 46, nameLength);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (first < 0) { first = i; continue; }
            b.AsSpan(first + 16, 12).CopyTo(b.AsSpan(i + 16));
            b.AsSpan(first + 42, 4).CopyTo(b.AsSpan(i + 42));
        }
        return b;
    }
}
