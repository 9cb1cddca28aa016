namespace Workbench.Fuzz.Tests;

/// <summary>.caffemodel: blob shapes that lie or overflow, legacy dims at their limits, a tensor per six bytes, broken varints and lengths.</summary>
internal sealed class CaffeModelFuzz : WeightsFuzzFormat
{
    public override string Name => "caffemodel";
    public override string FileName => "case.caffemodel";

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
    [
        ("valid", r => Net(r, Blob(r, [r.Next(1, 4), r.Next(1, 4)]))),
        ("legacy-dims", r => Net(r, new ProtoWriter().Int(1, Mutations.Edgy(r)).Int(2, Mutations.Edgy(r)).Int(3, 1).Int(4, 1).Bytes(5, new byte[4 * r.Next(0, 8)]))),
        ("huge-shape", r => Net(r, Blob(r, [Mutations.Edgy(r), Mutations.Edgy(r)], values: r.Next(0, 8)))),
        ("many-dimensions", r => Net(r, Blob(r, Enumerable.Repeat(1L, 30 + Mutations.Scale(r, 5000)).ToArray(), values: 1))),
        ("a-tensor-per-six-bytes", ManyBlobs),
        ("broken-wire", Broken),
        ("double-and-float", r => Net(r, new ProtoWriter().Message(7, Shape([2], packed: true)).Bytes(5, new byte[8]).Bytes(8, new byte[8 * r.Next(0, 4)]))),
    ];

    public override IReadOnlyList<byte[]> Seeds { get; } = Fixtures.Files(".caffemodel").Append(Net(new Random(4), Blob(new Random(5), [2, 3]))).ToList();

    static ProtoWriter Shape(long[] dims, bool packed)
    {
        var shape = new ProtoWriter();
        if (packed)
        {
            var p = new ProtoWriter();
            foreach (var d in dims) p.Varint((ulong) d);
            shape.Bytes(1, p.ToArray());
        }
        else foreach (var d in dims) shape.Int(1, d);
        return shape;
    }

    static ProtoWriter Blob(Random r, long[] dims, int? values = null)
    {
        long count = values ?? dims.Aggregate(1L, (a, d) => a * d);
        var blob = new ProtoWriter().Message(7, Shape(dims, r.Next(2) == 0));
        if (r.Next(2) == 0) blob.Bytes(5, new byte[4 * count]);
        else for (long i = 0; i < count; i++) blob.Tag(5, 5).Raw(BitConverter.GetBytes((float) i));
        return blob;
    }

    static byte[] Net(Random r, params ProtoWriter[] blobs)
    {
        var layer = new ProtoWriter().String(1, r.Next(8) == 0 ? "conv\u001b[2J1" : "conv1").String(2, "Convolution");
        foreach (var b in blobs) layer.Message(7, b);
        var net = new ProtoWriter().String(1, "net");
        return r.Next(3) == 0
            ? net.Message(2, new ProtoWriter().String(4, "conv1").Message(6, blobs[0])).ToArray()   // the V1 `layers` form
            : net.Message(100, layer).ToArray();
    }

    // Zero-size blobs of six bytes each in one layer: each would be a tensor.
    static byte[] ManyBlobs(Random r)
    {
        int n = Mutations.Scale(r, 100_000);
        var layer = new ProtoWriter().String(1, "many");
        var empty = new ProtoWriter().Message(7, Shape([0], packed: false)).ToArray();
        for (int i = 0; i < n; i++) layer.Bytes(7, empty);
        return new ProtoWriter().Message(100, layer).ToArray();
    }

    static byte[] Broken(Random r) => r.Next(5) switch
    {
        0 => new ProtoWriter().Raw([0xa2, 0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).ToArray(),   // an 11-byte varint
        1 => new ProtoWriter().Tag(100, 2).Varint((ulong) Mutations.Edgy(r)).Raw(new byte[16]).ToArray(),                      // a length past the end
        2 => new ProtoWriter().Tag(100, 3).Tag(100, 4).ToArray(),                                                               // groups
        3 => new ProtoWriter().Tag(0, 0).Varint(1).ToArray(),                                                                   // field 0
        _ => new ProtoWriter().Message(100, new ProtoWriter().Message(7, new ProtoWriter().Tag(7, 2).Varint(1u << 31))).ToArray(),
    };
}
