using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using System.IO.Compression;
using System.Text;
using Workbench.Weights;

namespace Workbench.Weights.Tests;

/// <summary>Layouts the Python fixtures cannot produce on this machine: big-endian records and pre-1.0 storage views.</summary>
public class WeightsLayoutTests : IDisposable
{
    readonly string dir = Fixtures.TempDir();

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Big_endian_zip_records_are_byte_swapped()
    {
        // The fixture's records, each element's bytes reversed, with byteorder 'big' — as a big-endian machine writes them.
        var source = Fixtures.PathOf("state_dict_zip.pth");
        using var original = WeightsFile.Read(source);
        var path = Path.Combine(dir, "big.pth");
        using (var input = ZipFile.OpenRead(source))
        using (var output = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            var sizes = StorageElementSizes(original);
            foreach (var e in input.Entries)
            {
                using var from = e.Open();
                var data = new MemoryStream();
                from.CopyTo(data);
                var bytes = data.ToArray();
                var key = e.FullName.Split('/')[^1];
                if (e.FullName.Contains("/data/") && sizes.TryGetValue(key, out int size))
                    for (int i = 0; i + size <= bytes.Length; i += size) Array.Reverse(bytes, i, size);
                using var to = output.CreateEntry(e.FullName).Open();
                to.Write(bytes);
            }
            using var order = output.CreateEntry("state_dict_zip/byteorder").Open();
            order.Write("big"u8);
        }
        using var big = WeightsFile.Read(path);
        foreach (var (k, t) in original.Entries) Assert.Equal(t.ToBytes(), big.Entries[k].ToBytes());
    }

    // Storage key → element size, read from data.pkl's persistent ids through our own unpickler.
    static Dictionary<string, int> StorageElementSizes(StateDictFile file)
    {
        var text = File.ReadAllBytes(Fixtures.PathOf("state_dict_zip.pth"));
        using var zip = new ZipArchive(new MemoryStream(text));
        var pkl = new MemoryStream();
        using (var s = zip.GetEntry("state_dict_zip/data.pkl")!.Open()) s.CopyTo(pkl);
        pkl.Position = 0;
        var up = new Workbench.Weights.Pickle.TorchUnpickler(pkl);
        up.Load();
        Assert.Equal(file.Entries.Count - 1, up.Storages.Count); // base_slice shares base's storage
        return up.Storages.ToDictionary(kv => kv.Key, kv => kv.Value.Type.DType!.Value.ElementSize());
    }

    [Fact]
    public void Legacy_storage_views_of_pre_1_0_files_are_views_of_their_root()
    {
        // magic, protocol, sys_info, {'a': view (root, offset 2, size 3) as a tensor, 'b': the whole root}, ['root'], root's data.
        var magic = Convert.FromHexString("1950a86a20f9469cfc6c").Reverse().ToArray();
        using var f = new MemoryStream();
        f.Write(new byte[] { 0x80, 2, 0x8a, 10 }); f.Write(magic); f.WriteByte((byte) '.');
        f.Write(new byte[] { 0x80, 2, (byte) 'M', 0xe9, 0x03, (byte) '.' });
        f.Write(Pickle(p => p.Op('}').Str("little_endian").Op(0x88).Op('s')));
        f.Write(Pickle(p =>
        {
            p.Op('}').Op('(');
            p.Str("a").Global("torch._utils", "_rebuild_tensor").Op('(');
            p.Op('(').Str("storage").Global("torch", "FloatStorage").Str("root").Str("cpu").Int(6)
             .Op('(').Str("view").Int(2).Int(3).Op('t').Op('t').Op('Q');
            p.Int(0).Int(3).Op(0x85).Int(1).Op(0x85).Op('t').Op('R');
            p.Str("b").Global("torch._utils", "_rebuild_tensor").Op('(');
            p.Op('(').Str("storage").Global("torch", "FloatStorage").Str("root").Str("cpu").Int(6).Op('N').Op('t').Op('Q');
            p.Int(0).Int(6).Op(0x85).Int(1).Op(0x85).Op('t').Op('R');
            p.Op('u');
        }));
        f.Write(Pickle(p => p.Op(']').Str("root").Op('a')));
        f.Write(BitConverter.GetBytes(6L));
        foreach (var v in new float[] { 10, 11, 12, 13, 14, 15 }) f.Write(BitConverter.GetBytes(v));
        var path = Path.Combine(dir, "views.pth");
        File.WriteAllBytes(path, f.ToArray());

        using var file = WeightsFile.Read(path);
        Assert.Equal(WeightsFormat.PthLegacy, file.Format);
        Assert.Equal(new float[] { 12, 13, 14 }, file.Entries["a"].ToArray<float>());
        Assert.Equal(new float[] { 10, 11, 12, 13, 14, 15 }, file.Entries["b"].ToArray<float>());
        Assert.True(Fixtures.SameStorage(file.Entries["a"], file.Entries["b"]));
    }

    [Fact]
    public void Caffe_V0_layers_inside_V1_layers_and_unpacked_dims_are_read()
    {
        // NetParameter { layers (2) { layer (1, V0) { name (1): "conv0" blobs (50) { shape (7) { dim: 2 dim: 3 } data (5): 6 floats } } } }
        var floats = new float[] { 1.5f, -2, 3.25f, 0, 5, -6.5f };
        var shape = Proto.Concat(Proto.Varint(1, 2), Proto.Varint(1, 3)); // dims written unpacked
        var blob = Proto.Concat(Proto.Bytes(7, shape), Proto.Bytes(5, floats.SelectMany(BitConverter.GetBytes).ToArray()));
        var v0 = Proto.Concat(Proto.Bytes(1, Encoding.UTF8.GetBytes("conv0")), Proto.Bytes(50, blob));
        var net = Proto.Concat(Proto.Bytes(1, Encoding.UTF8.GetBytes("old")), Proto.Bytes(2, Proto.Bytes(1, v0)));
        var path = Path.Combine(dir, "v0.caffemodel");
        File.WriteAllBytes(path, net);

        using var file = WeightsFile.Read(path);
        Assert.Equal(WeightsFormat.CaffeModel, file.Format);
        Assert.Equal(new[] { "conv0.weight" }, file.Entries.Keys.ToArray());
        Assert.Equal(new long[] { 2, 3 }, file.Entries["conv0.weight"].shape);
        Assert.Equal(floats, file.Entries["conv0.weight"].ToArray<float>());
    }

    /// <summary>Protobuf wire format, enough to write a NetParameter by hand.</summary>
    static class Proto
    {
        public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        static byte[] Raw(ulong v)
        {
            var b = new List<byte>();
            do { b.Add((byte) ((v & 0x7f) | (v > 0x7f ? 0x80u : 0))); v >>= 7; } while (v != 0);
            return b.ToArray();
        }

        public static byte[] Varint(int field, ulong v) => Concat(Raw((ulong) field << 3), Raw(v));
        public static byte[] Bytes(int field, byte[] data) => Concat(Raw(((ulong) field << 3) | 2), Raw((ulong) data.Length), data);
    }

    static byte[] Pickle(Action<P> body)
    {
        var p = new P();
        body(p);
        return p.Stop();
    }

    sealed class P
    {
        readonly MemoryStream s = new();
        public P() { Op(0x80); Op(2); }
        public P Op(int c) { s.WriteByte((byte) c); return this; }
        public P Global(string m, string n) { Op('c'); s.Write(Encoding.ASCII.GetBytes($"{m}\n{n}\n")); return this; }
        public P Str(string v) { var b = Encoding.UTF8.GetBytes(v); Op(0x8c); Op(b.Length); s.Write(b); return this; }
        public P Int(int v) { Op('K'); return Op(v); }
        public byte[] Stop() { Op('.'); return s.ToArray(); }
    }
}
