using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Tests;

public class PngRoundTripTests
{
    // Sizes from 1×1 up; contents from a seed so shrinking stays cheap.
    static Gen<(int w, int h, int seed)> Sizes(int max) =>
        from w in Gen.Choose(1, max)
        from h in Gen.Choose(1, max)
        from seed in Gen.Choose(0, int.MaxValue)
        select (w, h, seed);

    static byte[] RandomBytes(int n, int seed, int modulo = 256)
    {
        var random = new Random(seed);
        var bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = (byte) random.Next(modulo);
        return bytes;
    }

    [Fact]
    public void Rgb_gray_and_alpha_images_round_trip_exactly()
    {
        Prop.ForAll(Arb.From(Sizes(40)), s =>
        {
            foreach (int c in new[] { 1, 2, 3, 4 })
            {
                var image = new Image(s.w, s.h, c, RandomBytes(s.w * s.h * c, s.seed + c));
                var back = Png.Decode(Png.Encode(image));
                if (back.Width != s.w || back.Height != s.h || back.Channels != c || back.HasPalette) return false;
                if (!back.Pixels.AsSpan().SequenceEqual(image.Pixels)) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Label_maps_round_trip_exactly_through_voc_palette_pngs()
    {
        Prop.ForAll(Arb.From(Sizes(50)), s =>
        {
            var labels = new LabelMap(s.w, s.h, RandomBytes(s.w * s.h, s.seed));
            var png = Png.Encode(labels);
            var back = Png.DecodeLabels(png);
            var image = Png.Decode(png);
            return back.Width == s.w && back.Height == s.h && back.Indices.AsSpan().SequenceEqual(labels.Indices)
                   && image.Palette!.ContentEquals(Palette.Voc);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void One_pixel_images_round_trip()
    {
        foreach (int c in new[] { 1, 2, 3, 4 })
        {
            var image = new Image(1, 1, c, RandomBytes(c, c));
            Assert.Equal(image.Pixels, Png.Decode(Png.Encode(image)).Pixels);
        }
        var label = new LabelMap(1, 1, [255]);
        Assert.Equal(new byte[] { 255 }, Png.DecodeLabels(Png.Encode(label)).Indices);
        Assert.Equal(new ushort[] { 65535 }, Png.Decode16(Png.Encode(new Image16(1, 1, 1, [65535]))).Pixels);
    }

    [Fact]
    public void Sixteen_bit_images_round_trip_exactly()
    {
        Prop.ForAll(Arb.From(Sizes(30)), s =>
        {
            var random = new Random(s.seed);
            var pixels = new ushort[s.w * s.h];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (ushort) random.Next(65536);
            var back = Png.Decode16(Png.Encode(new Image16(s.w, s.h, 1, pixels)));
            return back.Width == s.w && back.Height == s.h && back.Pixels.AsSpan().SequenceEqual(pixels);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Large_images_round_trip()
    {
        // Structured content (regions, as label maps have) keeps deflate fast at 16 megapixels.
        const int w = 4096, h = 4097;
        var indices = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                indices[y * w + x] = (byte) ((x / 64 + y / 48) % 22);
        indices[^1] = 255;
        var labels = new LabelMap(w, h, indices);
        var back = Png.DecodeLabels(Png.Encode(labels));
        Assert.Equal((w, h), (back.Width, back.Height));
        Assert.True(back.Indices.AsSpan().SequenceEqual(labels.Indices));

        var rgb = new byte[4100 * 4096 * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte) (i / 3 % 4100 / 17);
        var jpeg = Jpeg.Decode(Jpeg.Encode(new Image(4100, 4096, 3, rgb), 90));
        Assert.Equal((4100, 4096, 3), (jpeg.Width, jpeg.Height, jpeg.Channels));
        Assert.InRange(jpeg[2000, 2050, 1], 120 - 3, 120 + 3);  // 2050 / 17 = 120
    }

    [Fact]
    public void Files_are_written_and_read_back()
    {
        var path = Fixtures.TempPath("labels.png");
        try
        {
            var labels = new LabelMap(3, 2, [0, 1, 2, 20, 255, 7]);
            Png.Write(path, labels);
            Assert.Equal(labels.Indices, Png.ReadLabels(path).Indices);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
