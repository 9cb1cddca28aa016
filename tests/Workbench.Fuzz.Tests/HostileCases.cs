using System.IO.Compression;
using System.Text;
using static Workbench.Fuzz.Tests.MatBuilder;

namespace Workbench.Fuzz.Tests;

/// <summary>
/// The failures issue 14 reported, rebuilt by structure: each a file that once crashed the process,
/// took gigabytes or hung, and the format that reads it. The tests read them in a child process
/// (a stack overflow would end any process it happens in) and check what each ends in.
/// </summary>
internal static class HostileCases
{
    public static readonly Dictionary<string, (FuzzFormat Format, Func<byte[]> Make)> All = new()
    {
        // 1. ~3,100 nested cells (200 KB) overflowed the stack of `inspect mat` and every dataset load.
        ["mat-3100-nested-cells"] = (new MatFuzz(), () => File(Nested(3100))),
        // 2. A compressed element of ~2 MB inflating to 2 GB of zeros, declared as a 2 GB array: ≥ 21.8 GB resident.
        ["mat-2gb-compression-bomb"] = (new MatFuzz(), () => File(CompressedZeros(MatrixHead(mxUINT8, [2_000_000_000, 1], "bomb", miUINT8, 2_000_000_000), 2_000_000_000))),
        // 2. A deflated data.pkl of DUP opcodes, ~1 MB: 11.8 GB, then OutOfMemoryException.
        ["pth-deflated-dup-bomb"] = (new PthZipFuzz(), () => DupBombZip(1_000_000_000)),
        // 2. torch.ones(1).expand(100000, 10000) saved: 8 GB in `inspect weights`.
        ["pth-zero-stride"] = (new PthZipFuzz(), () => System.IO.File.ReadAllBytes(Path.Combine(Fixtures.Root, "hostile", "zero_stride_zip.pth"))),
        ["pth-legacy-zero-stride"] = (new PthLegacyFuzz(), () => System.IO.File.ReadAllBytes(Path.Combine(Fixtures.Root, "hostile", "zero_stride_legacy.pth"))),
        // 2. A 5 KB JPEG whose frame header says 26000²: 2–3.9 GB before "premature end".
        ["jpeg-26000-squared"] = (new JpegFuzz(), () => JpegClaiming(26000, 26000)),
        // 3. A tensor of a million dimensions (4 MB): `inspect weights` ran past 120 s.
        ["pth-million-dimensions"] = (new PthZipFuzz(), () => MillionDimsPth()),
        ["safetensors-million-dimensions"] = (new SafeTensorsFuzz(), () => SafeTensorsFuzz.File(
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[" + string.Join(",", Enumerable.Repeat("1", 1_000_000)) + "],\"data_offsets\":[0,4]}}", new byte[4])),
        // 5. Sparse dims [0, 2^31 − 1]: IndexOutOfRangeException.
        ["mat-sparse-2^31-columns"] = (new MatFuzz(), () => File(Matrix(mxSPARSE, [0, int.MaxValue], "s", Ints(miINT32, []), Ints(miINT32, [0]), Element(miDOUBLE, [])))),
        // 7. data_offsets as strings: a message naming neither file nor key.
        ["safetensors-string-offsets"] = (new SafeTensorsFuzz(), () => SafeTensorsFuzz.File("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[\"0\",\"4\"]}}", new byte[4])),
        // 7. A 2^63 header length: "not a recognized weights file".
        ["safetensors-2^63-header-length"] = (new SafeTensorsFuzz(), () => [0, 0, 0, 0, 0, 0, 0, 0x80, .. "{\"x\":{}}"u8]),
        // A dict of 150,000 integer keys that collide in .NET's unseeded hash of a long.
        ["pth-colliding-keys"] = (new PthZipFuzz(), () => CollidingKeysZip(150_000)),
    };

    static byte[] Nested(int depth)
    {
        var inner = Numeric("", [1, 1], mxDOUBLE, miDOUBLE, BitConverter.GetBytes(1.0));
        for (int i = 0; i < depth; i++) inner = Matrix(mxCELL, [1, 1], i == depth - 1 ? "c" : "", inner);
        return inner;
    }

    static byte[] DupBombZip(long dups)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry("archive/data.pkl", CompressionLevel.SmallestSize).Open())
            {
                s.Write(new PickleWriter().Proto().EmptyList().ToArray());
                var chunk = new byte[1 << 20];
                Array.Fill(chunk, (byte) '2');
                for (long left = dups; left > 0; left -= chunk.Length) s.Write(chunk, 0, (int) Math.Min(left, chunk.Length));
                s.Write("."u8);
            }
            using (var v = zip.CreateEntry("archive/version").Open()) v.Write("3\n"u8);
        }
        return output.ToArray();
    }

    static byte[] JpegClaiming(int width, int height)
    {
        var pixels = new byte[64 * 64 * 3];
        new Random(14).NextBytes(pixels);
        var b = Workbench.Vision.Imaging.Jpeg.Encode(new Workbench.Vision.Imaging.Image(64, 64, 3, pixels), 95);
        for (int i = 2; i + 9 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] == 0xC0)
            {
                b[i + 5] = (byte) (height >> 8); b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8); b[i + 8] = (byte) width;
                break;
            }
        return b;
    }

    static byte[] MillionDimsPth()
    {
        var ones = Enumerable.Repeat(1L, 1_000_000).ToArray();
        var pickle = new PickleWriter().Proto().EmptyDict().Str("x").Tensor("0", 1, 0, ones, ones).SetItem().Stop().ToArray();
        return PthBuilder.Zip(pickle, [("0", new byte[4])]);
    }

    static byte[] CollidingKeysZip(int n)
    {
        var w = new PickleWriter().Proto().EmptyDict();
        for (int i = 0; i < n; i += 1000)
        {
            w.Mark();
            for (int k = i; k < Math.Min(n, i + 1000); k++) w.Long1(((long) k << 32) + k).None();
            w.SetItems();
        }
        var pickle = w.Str("w").Tensor("0", 2, 0, [2], [1]).SetItem().Stop().ToArray();
        return PthBuilder.Zip(pickle, [("0", new byte[8])]);
    }

    /// <summary>The child's side: every case in turn, one line each: "= name outcome peak-bytes message".</summary>
    public static int Run()
    {
        var dir = Directory.CreateTempSubdirectory("wb-hostile-").FullName;
        try
        {
            foreach (var (name, (format, make)) in All)
            {
                var path = Path.Combine(dir, name + "-" + format.FileName);
                System.IO.File.WriteAllBytes(path, make());
                Console.WriteLine($"> {name}");
                Console.Out.Flush();
                PeakMemory.Reset();
                var error = FuzzChild.Try(format, path);
                long peak = PeakMemory.Bytes();
                string outcome = error is null ? "read" : format.IsClear(error, path) ? "refused" : "wrong";
                var message = error is null ? "" : $"{error.GetType().Name}: {error.Message}".Replace('\n', ' ');
                Console.WriteLine($"= {name} {outcome} {peak} {message}");
                Console.Out.Flush();
                System.IO.File.Delete(path);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }
}
