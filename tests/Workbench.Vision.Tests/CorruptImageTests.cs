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
    public void Missing_file_names_the_path()
    {
        var error = Assert.ThrowsAny<IOException>(() => Png.Read("/nonexistent/dir/x.png"));
        Assert.Contains("/nonexistent/dir/x.png", error.Message);
    }
}
