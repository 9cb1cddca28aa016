using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Tests;

// Damaged MAT-files: an exception naming the file (and the variable when one was reached), never a crash.
public class CorruptMatTests
{
    static readonly string[] Files =
        ["sbd_gtcls_compressed.mat", "sbd_gtcls_uncompressed.mat", "types_uncompressed.mat", "types_compressed.mat", "big_endian.mat"];

    static bool IsClear(Exception e, string source) =>
        e is InvalidDataException or NotSupportedException && e.Message.StartsWith(source + ":");

    [Fact]
    public void Truncated_files_throw_naming_the_file()
    {
        foreach (var file in Files)
        {
            var bytes = File.ReadAllBytes(Fixtures.PathOf("mat/" + file));
            Prop.ForAll(Arb.From(Gen.Choose(0, bytes.Length - 1)), cut =>
            {
                try
                {
                    MatFile.Parse(bytes[..cut], file);
                    // Cutting exactly between two variables leaves a valid, shorter file.
                    return cut == 128 || VariableBoundaries(bytes, file).Contains(cut);
                }
                catch (Exception e)
                {
                    return IsClear(e, file);
                }
            }).QuickCheckThrowOnFailure();
        }
    }

    [Fact]
    public void Truncation_inside_a_variable_names_it()
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf("mat/types_uncompressed.mat"));
        var error = Assert.Throws<InvalidDataException>(() => MatFile.Parse(bytes[..(bytes.Length - 3)], "t.mat"));
        Assert.Contains("t.mat: variable 'people'", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Random_damage_reads_or_throws_clearly()
    {
        var damage = from file in Gen.Elements(Files)
                     from seed in Gen.Choose(0, int.MaxValue)
                     from count in Gen.Choose(1, 6)
                     select (file, seed, count);
        Prop.ForAll(Arb.From(damage), d =>
        {
            var bytes = File.ReadAllBytes(Fixtures.PathOf("mat/" + d.file));
            var random = new Random(d.seed);
            for (int i = 0; i < d.count; i++) bytes[128 + random.Next(bytes.Length - 128)] = (byte) random.Next(256);
            try
            {
                var mat = MatFile.Parse(bytes, d.file);
                foreach (var v in mat.Variables) _ = v.ToString();
                return true;
            }
            catch (Exception e)
            {
                return IsClear(e, d.file);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Not_a_mat_file_is_refused()
    {
        Assert.Contains("too short", Assert.Throws<InvalidDataException>(() => MatFile.Parse(new byte[10], "x.mat")).Message);
        var v4 = new byte[200];
        Assert.Contains("not a MATLAB v5", Assert.Throws<InvalidDataException>(() => MatFile.Parse(v4, "x.mat")).Message);
        Assert.ThrowsAny<IOException>(() => MatFile.Read("/nonexistent/x.mat"));
    }

    // Offsets where a top-level element ends, from the tags alone.
    static HashSet<int> VariableBoundaries(byte[] bytes, string file)
    {
        bool big = bytes[126] == 'M';
        var ends = new HashSet<int>();
        int position = 128;
        while (position + 8 <= bytes.Length)
        {
            uint type = big ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position))
                            : BitConverter.ToUInt32(bytes, position);
            uint length = big ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 4))
                              : BitConverter.ToUInt32(bytes, position + 4);
            position += 8 + (int) (type == 15 ? length : (length + 7) & ~7u);
            ends.Add(position);
        }
        return ends;
    }
}
