using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Tests;

// Damaged files must give an InvalidDataException naming the source, never a crash or a hang.
public class CorruptImageTests
{
    static readonly byte[] JpegBytes = File.ReadAllBytes(Fixtures.PathOf("images/photo_64x48_q75.jpg"));
    static readonly byte[] PngBytes = File.ReadAllBytes(Fixtures.PathOf("images/label_voc_31x17.png"));
    static readonly byte[] RgbPngBytes = File.ReadAllBytes(Fixtures.PathOf("images/rgb_13x7.png"));

    [Fact]
    public void Truncated_jpeg_always_throws_naming_the_source()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, JpegBytes.Length - 1)), cut =>
        {
            var error = Assert.Throws<InvalidDataException>(() => Jpeg.Decode(JpegBytes.AsSpan(0, cut), "cut.jpg"));
            return error.Message.StartsWith("cut.jpg: ");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Truncated_png_throws_naming_the_source()
    {
        foreach (var bytes in new[] { PngBytes, RgbPngBytes })
            Prop.ForAll(Arb.From(Gen.Choose(0, bytes.Length - 1)), cut =>
            {
                var error = Assert.Throws<InvalidDataException>(() => Png.Decode(bytes.AsSpan(0, cut)));
                return error.Message.StartsWith("in-memory buffer: ");
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_byte_damage_either_decodes_or_throws_invalid_data()
    {
        var damage = from seed in Gen.Choose(0, int.MaxValue)
                     from count in Gen.Choose(1, 8)
                     select (seed, count);
        foreach (var (original, decode) in new (byte[], Action<byte[]>)[]
                 {
                     (JpegBytes, b => Jpeg.Decode(b, "x.jpg")),
                     (PngBytes, b => Png.Decode(b, "x.png")),
                     (RgbPngBytes, b => Png.Decode(b, "x.png")),
                 })
            Prop.ForAll(Arb.From(damage), d =>
            {
                var bytes = (byte[]) original.Clone();
                var random = new Random(d.seed);
                for (int i = 0; i < d.count; i++) bytes[random.Next(bytes.Length)] = (byte) random.Next(256);
                try
                {
                    decode(bytes);
                    return true;
                }
                catch (InvalidDataException e)
                {
                    return e.Message.StartsWith("x.");
                }
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Garbage_and_empty_input_are_refused_with_the_file_name()
    {
        var path = Fixtures.TempPath("garbage.png");
        File.WriteAllBytes(path, "not an image at all"u8.ToArray());
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ImageFile.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Throws<InvalidDataException>(() => Png.Read(path));
            Assert.Throws<InvalidDataException>(() => Jpeg.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<InvalidDataException>(() => Jpeg.Decode(ReadOnlySpan<byte>.Empty));
        Assert.Throws<InvalidDataException>(() => Png.Decode(ReadOnlySpan<byte>.Empty));
        Assert.Contains("in-memory buffer", Assert.Throws<InvalidDataException>(() => ImageFile.Decode(new byte[3])).Message);
    }

    [Fact]
    public void A_png_header_claiming_a_huge_image_is_refused_before_allocating()
    {
        // Patch IHDR's width and height (bytes 16..23) to 1,000,000 each; the CRC is now wrong too.
        var bytes = (byte[]) RgbPngBytes.Clone();
        bytes[16] = 0; bytes[17] = 0x0F; bytes[18] = 0x42; bytes[19] = 0x40;
        bytes[20] = 0; bytes[21] = 0x0F; bytes[22] = 0x42; bytes[23] = 0x40;
        Assert.Throws<InvalidDataException>(() => Png.Decode(bytes, "huge.png"));
    }

    [Fact]
    public void A_well_formed_png_header_claiming_more_pixels_than_the_file_holds_is_refused()
    {
        // IHDR for 30000×30000 RGB with a correct CRC, then the fixture's own IDAT and IEND.
        var original = RgbPngBytes;
        var ihdr = original.AsSpan(12, 17).ToArray();  // "IHDR" + 13 data bytes
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 30000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(8), 30000);
        var bytes = original.ToArray();
        ihdr.CopyTo(bytes, 12);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32.Compute(ihdr));
        var error = Assert.Throws<InvalidDataException>(() => Png.Decode(bytes, "bomb.png"));
        Assert.Contains("bomb.png", error.Message);
        Assert.Contains("30000x30000", error.Message);
    }

    [Fact]
    public void A_jpeg_header_claiming_a_huge_image_is_refused()
    {
        // Patch the SOF0 frame's height and width (after FFC0, length, precision) to 60000×60000.
        var bytes = File.ReadAllBytes(Fixtures.PathOf("images/photo_37x23.jpg"));
        int sof = bytes.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        Assert.True(sof > 0);
        bytes[sof + 5] = 0xEA; bytes[sof + 6] = 0x60;
        bytes[sof + 7] = 0xEA; bytes[sof + 8] = 0x60;
        var error = Assert.Throws<InvalidDataException>(() => Jpeg.Decode(bytes, "big.jpg"));
        Assert.Contains("big.jpg", error.Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var error = Assert.ThrowsAny<IOException>(() => Png.Read("/nonexistent/dir/x.png"));
        Assert.Contains("/nonexistent/dir/x.png", error.Message);
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(System.Text.Encoding.ASCII.GetBytes("123456789")));
    }
}
