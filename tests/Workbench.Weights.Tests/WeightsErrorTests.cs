using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using System.IO.Compression;
using System.Text;
using Workbench.Weights;

namespace Workbench.Weights.Tests;

/// <summary>Bad input ends in an exception naming the file, the entry and what was expected.</summary>
public class WeightsErrorTests : IDisposable
{
    readonly string dir = Fixtures.TempDir();

    public void Dispose() => Directory.Delete(dir, true);

    /// <summary>Protocol-2 pickle bytes, written opcode by opcode.</summary>
    sealed class Pkl
    {
        readonly MemoryStream s = new();
        public Pkl() { Op(0x80); Op(2); }
        public Pkl Op(int c) { s.WriteByte((byte) c); return this; }
        public Pkl Global(string m, string n) { Op('c'); s.Write(Encoding.ASCII.GetBytes($"{m}\n{n}\n")); return this; }
        public Pkl Str(string v) { var b = Encoding.UTF8.GetBytes(v); Op(0x8c); Op(b.Length); s.Write(b); return this; }
        public Pkl Int(int v) { Op('K'); return Op(v); }
        public Pkl Mark() => Op('(');
        public Pkl Tuple() => Op('t');
        /// <summary>_rebuild_tensor_v2(('storage', torch.TYPE, '0', 'cpu', numel), offset, size, stride, False, OrderedDict()).</summary>
        public Pkl Tensor(string type, int numel, int offset, int[] size, int[] stride)
        {
            Global("torch._utils", "_rebuild_tensor_v2").Mark();
            Mark().Str("storage").Global("torch", type).Str("0").Str("cpu").Int(numel).Tuple().Op('Q');
            Int(offset);
            Mark(); foreach (var x in size) Int(x); Tuple();
            Mark(); foreach (var x in stride) Int(x); Tuple();
            Op(0x89).Global("collections", "OrderedDict").Op(')').Op('R');
            return Tuple().Op('R');
        }
        public byte[] Stop() { Op('.'); return s.ToArray(); }
    }

    string Zip(byte[] pickle, params (string Name, byte[] Data)[] records)
    {
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N")[..6] + ".pth");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("archive/data.pkl").Open()) s.Write(pickle);
            foreach (var (name, data) in records)
                using (var s = zip.CreateEntry("archive/" + name).Open()) s.Write(data);
        }
        return path;
    }

    static WeightsFormatException Fails(string path, params string[] fragments)
    {
        var e = Assert.Throws<WeightsFormatException>(() => WeightsFile.Read(path).Dispose());
        Assert.Contains(path, e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        return e;
    }

    [Fact]
    public void Unknown_opcode_names_the_opcode()
    {
        Fails(Zip(new byte[] { 0x80, 0x02, 0xff }), "data.pkl", "unknown pickle opcode 0xff");
    }

    [Fact]
    public void Unknown_torch_class_in_the_state_dict_names_the_entry()
    {
        var p = new Pkl().Op('}').Str("w").Global("torch._utils", "_rebuild_qtensor").Op(')').Op('R').Op('s').Stop();
        var e = Fails(Zip(p), "entry 'w'", "torch._utils._rebuild_qtensor", "expected a dense tensor");
        Assert.Equal("w", e.Entry);
    }

    [Fact]
    public void Unhandled_storage_type_names_the_entry_and_type()
    {
        var p = new Pkl().Op('}').Str("c").Tensor("ComplexFloatStorage", 2, 0, new[] { 2 }, new[] { 1 }).Op('s').Stop();
        Fails(Zip(p, ("data/0", new byte[16])), "entry 'c'", "ComplexFloatStorage", "not handled");
    }

    [Fact]
    public void A_view_outside_its_storage_is_refused()
    {
        var p = new Pkl().Op('}').Str("w").Tensor("FloatStorage", 4, 2, new[] { 2, 2 }, new[] { 2, 1 }).Op('s').Stop();
        Fails(Zip(p, ("data/0", new byte[16])), "entry 'w'", "storage of 4 elements");
    }

    [Fact]
    public void A_storage_record_shorter_than_the_pickle_says_is_refused()
    {
        var p = new Pkl().Op('}').Str("w").Tensor("FloatStorage", 200, 0, new[] { 200 }, new[] { 1 }).Op('s').Stop();
        Fails(Zip(p, ("data/0", new byte[16])), "entry 'w'", "holds 16 bytes", "800 bytes");
    }

    [Fact]
    public void A_missing_storage_record_is_named()
    {
        var p = new Pkl().Op('}').Str("w").Tensor("FloatStorage", 1, 0, new[] { 1 }, new[] { 1 }).Op('s').Stop();
        Fails(Zip(p), "entry 'w'", "archive/data/0", "missing");
    }

    [Fact]
    public void A_checkpoint_without_tensors_lists_its_keys()
    {
        var p = new Pkl().Op('}').Str("epoch").Int(3).Op('s').Stop();
        Fails(Zip(p), "no state dict found", "'epoch'");
    }

    [Fact]
    public void Dicts_shared_by_thousands_of_keys_are_searched_once()
    {
        // D0..D2 each map 3000 keys to the next dict, D3 = {'x': 1}: 2.7e10 paths if each were followed.
        var p = new Pkl();
        p.Op('}').Op('q').Op(3).Op('(').Str("x").Int(1).Op('u').Op('0');
        for (int level = 2; level >= 0; level--)
        {
            p.Op('}');
            if (level > 0) p.Op('q').Op(level);
            p.Op('(');
            for (int i = 0; i < 3000; i++) p.Str("k" + i).Op('h').Op(level + 1);
            p.Op('u');
            if (level > 0) p.Op('0');
        }
        var path = Zip(p.Stop());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Fails(path, "no state dict found");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void An_unknown_key_lists_the_top_level()
    {
        var e = Assert.Throws<WeightsFormatException>(() => WeightsFile.Read(Fixtures.PathOf("checkpoint_zip.pth"), "weights").Dispose());
        Assert.Contains("'model_state_dict'", e.Message);
    }

    [Fact]
    public void A_truncated_legacy_file_says_so()
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf("state_dict_legacy.pth"));
        var path = Path.Combine(dir, "cut.pth");
        File.WriteAllBytes(path, bytes[..^10]);
        Fails(path, "storage");
    }

    [Fact]
    public void Unhandled_safetensors_dtype_names_the_entry()
    {
        var header = "{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}"u8.ToArray();
        var path = Path.Combine(dir, "f8.safetensors");
        File.WriteAllBytes(path, BitConverter.GetBytes((ulong) header.Length).Concat(header).Concat(new byte[2]).ToArray());
        Fails(path, "entry 'x'", "F8_E4M3", "not handled");
    }

    [Fact]
    public void Caffe_blob_with_too_few_values_names_the_layer_blob()
    {
        // NetParameter { layer { name: "c" blobs { shape { dim: 3 } data: [1.0] } } }
        byte[] shape = { 0x0a, 0x01, 0x03 };
        byte[] blob = new byte[] { 0x3a, (byte) shape.Length }.Concat(shape).Concat(new byte[] { 0x2a, 4, 0, 0, 0x80, 0x3f }).ToArray();
        byte[] layer = new byte[] { 0x0a, 1, (byte) 'c', 0x3a, (byte) blob.Length }.Concat(blob).ToArray();
        byte[] net = new byte[] { 0xa2, 0x06, (byte) layer.Length }.Concat(layer).ToArray();
        var path = Path.Combine(dir, "bad.caffemodel");
        File.WriteAllBytes(path, net);
        Fails(path, "entry 'c.weight'", "holds 1 values", "needs 3");
    }

    [Fact]
    public void TorchScript_archives_are_named_as_such()
    {
        Fails(Fixtures.PathOf("torchscript_linear.pt"), "TorchScript archive", "state_dict()");
    }

    [Fact]
    public void Unrecognized_and_missing_files()
    {
        var path = Path.Combine(dir, "noise.bin");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("hello, these are not weights"));
        Fails(path, "not a recognized weights file");
        Assert.Throws<FileNotFoundException>(() => WeightsFile.Read(Path.Combine(dir, "absent.pth")));
    }
}
