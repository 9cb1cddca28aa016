using System.Runtime.InteropServices;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Tests;

public class ImageFixtureTests
{
    [Fact]
    public void Every_fixture_decodes_to_the_size_channels_and_pixel_hash_Pillow_reports()
    {
        int checkedCount = 0;
        foreach (var e in Fixtures.Images)
        {
            var path = Fixtures.PathOf(e.GetProperty("file").GetString()!);
            int depth = e.GetProperty("bit_depth").GetInt32();
            bool jpeg = e.TryGetProperty("jpeg", out _);
            int width, height, channels;
            byte[] bytes;
            if (depth == 16)
            {
                var img = Png.Read16(path);
                (width, height, channels) = (img.Width, img.Height, img.Channels);
                bytes = MemoryMarshal.AsBytes(img.Pixels.AsSpan()).ToArray();
            }
            else
            {
                var img = ImageFile.Read(path);
                (width, height, channels) = (img.Width, img.Height, img.Channels);
                bytes = img.Pixels;
                Assert.Equal(e.GetProperty("has_palette").GetBoolean(), img.HasPalette);
            }
            Assert.Equal(e.GetProperty("width").GetInt32(), width);
            Assert.Equal(e.GetProperty("height").GetInt32(), height);
            Assert.Equal(e.GetProperty("channels").GetInt32(), channels);
            if (!jpeg) Assert.Equal(e.GetProperty("sha256").GetString(), Fixtures.Sha256(bytes));
            checkedCount++;
        }
        Assert.True(checkedCount >= 10, $"only {checkedCount} fixtures");
    }

    [Fact]
    public void Jpeg_decode_matches_Pillow_within_the_recorded_tolerance()
    {
        foreach (var e in Fixtures.Images.Where(e => e.TryGetProperty("jpeg", out _)))
        {
            var ours = Jpeg.Read(Fixtures.PathOf(e.GetProperty("file").GetString()!));
            var pillow = File.ReadAllBytes(Fixtures.PathOf(e.GetProperty("pillow_rgb").GetString()!));
            Assert.Equal(pillow.Length, ours.Pixels.Length);
            int worst = 0;
            for (int i = 0; i < pillow.Length; i++) worst = Math.Max(worst, Math.Abs(pillow[i] - ours.Pixels[i]));
            Assert.True(worst <= e.GetProperty("tolerance").GetInt32(), $"{e.GetProperty("file")}: max difference {worst}");
        }
    }

    [Fact]
    public void Voc_label_png_decodes_to_class_indices_not_colours()
    {
        var e = Fixtures.Image("label_voc_31x17.png");
        var labels = Png.ReadLabels(Fixtures.PathOf("images/label_voc_31x17.png"));
        foreach (var check in e.GetProperty("pixel_checks").EnumerateArray())
        {
            var v = check.EnumerateArray().Select(x => x.GetInt32()).ToArray();
            Assert.Equal(v[2], labels[v[0], v[1]]);
        }
        var histogram = labels.Histogram();
        foreach (var kv in e.GetProperty("histogram").EnumerateObject())
            Assert.Equal(kv.Value.GetInt64(), histogram[int.Parse(kv.Name)]);
        Assert.True(histogram[LabelMap.Void] > 0);

        var image = Png.Read(Fixtures.PathOf("images/label_voc_31x17.png"));
        Assert.NotNull(image.Palette);
        Assert.Equal(e.GetProperty("palette_count").GetInt32(), image.Palette!.Count);
        Assert.Equal(e.GetProperty("palette_head").EnumerateArray().Select(x => (byte) x.GetInt32()), image.Palette.Colors.Take(12));
    }

    [Fact]
    public void Two_bit_palette_png_unpacks_to_indices()
    {
        var e = Fixtures.Image("palette_2bit_11x5.png");
        Assert.Equal(2, e.GetProperty("bit_depth").GetInt32());
        Assert.Equal(2, Png.ReadHeader(Fixtures.PathOf("images/palette_2bit_11x5.png")).BitDepth);
        var image = Png.Read(Fixtures.PathOf("images/palette_2bit_11x5.png"));
        Assert.Equal(4, image.Palette!.Count);
        Assert.Equal(e.GetProperty("max").GetInt32(), image.Pixels.Max());
        Assert.Equal(e.GetProperty("sum").GetInt64(), image.Pixels.Sum(v => (long) v));
    }

    [Fact]
    public void Depth_png_keeps_16_bit_values()
    {
        var e = Fixtures.Image("depth16_20x12.png");
        var depth = Png.Read16(Fixtures.PathOf("images/depth16_20x12.png"));
        foreach (var check in e.GetProperty("pixel_checks").EnumerateArray())
        {
            var v = check.EnumerateArray().Select(x => x.GetInt32()).ToArray();
            Assert.Equal(v[2], depth[v[0], v[1]]);
        }
        Assert.Equal(e.GetProperty("sum").GetInt64(), depth.Pixels.Sum(v => (long) v));
        var error = Assert.Throws<InvalidDataException>(() => Png.Read(Fixtures.PathOf("images/depth16_20x12.png")));
        Assert.Contains("16-bit", error.Message);
    }

    [Fact]
    public void Voc_palette_matches_the_devkit_colormap_computed_by_the_script()
    {
        var head = Fixtures.Expected.GetProperty("voc_palette_head").EnumerateArray().Select(x => (byte) x.GetInt32()).ToArray();
        Assert.Equal(head, Palette.Voc.Colors.Take(head.Length));
        var v = Fixtures.Expected.GetProperty("voc_palette_255").EnumerateArray().Select(x => (byte) x.GetInt32()).ToArray();
        Assert.Equal(((byte, byte, byte)) (v[0], v[1], v[2]), Palette.Voc[255]);
        Assert.Equal(256, Palette.Voc.Count);
    }
}
