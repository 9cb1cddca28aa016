using Workbench.Vision.Imaging;

namespace Workbench.Vision.Tests;

public class TransformTests
{
    static Image Ramp(int w, int h, int c)
    {
        var pixels = new byte[w * h * c];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++)
                    pixels[(y * w + x) * c + k] = (byte) (x * 5 + y * 2 + k);
        return new Image(w, h, c, pixels);
    }

    [Fact]
    public void Mirror_swaps_columns_and_twice_is_identity()
    {
        var image = Ramp(5, 3, 3);
        var m = image.MirrorHorizontal();
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 5; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(image[y, x, c], m[y, 4 - x, c]);
        Assert.Equal(image.Pixels, m.MirrorHorizontal().Pixels);
        var labels = new LabelMap(3, 1, [1, 2, 3]);
        Assert.Equal(new byte[] { 3, 2, 1 }, labels.MirrorHorizontal().Indices);
    }

    [Fact]
    public void Crop_takes_the_rectangle_and_refuses_to_leave_the_image()
    {
        var image = Ramp(6, 4, 3);
        var crop = image.Crop(2, 1, 3, 2);
        Assert.Equal((3, 2), (crop.Width, crop.Height));
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++)
                Assert.Equal(image[y + 1, x + 2, 1], crop[y, x, 1]);
        Assert.Throws<ArgumentException>(() => image.Crop(4, 0, 3, 2));
        Assert.Throws<ArgumentException>(() => image.Crop(-1, 0, 1, 1));
    }

    [Fact]
    public void Bilinear_resize_keeps_constants_and_interpolates_a_ramp()
    {
        var flat = new Image(7, 5, 3, Enumerable.Repeat((byte) 77, 7 * 5 * 3).ToArray());
        Assert.All(flat.Resize(19, 3).Pixels, v => Assert.Equal(77, v));

        // Doubling a 2-pixel ramp [0, 100] with aligned centres gives 0, 25, 75, 100.
        var ramp = new Image(2, 1, 1, [0, 100]);
        Assert.Equal(new byte[] { 0, 25, 75, 100 }, ramp.Resize(4, 1).Pixels);
        Assert.Equal(new byte[] { 50 }, ramp.Resize(1, 1).Pixels);
        // Same size is the identity.
        var image = Ramp(9, 4, 3);
        Assert.Equal(image.Pixels, image.Resize(9, 4).Pixels);
    }

    [Fact]
    public void Nearest_resize_of_labels_only_produces_existing_labels()
    {
        var labels = new LabelMap(3, 2, [0, 15, 255, 7, 7, 1]);
        var up = labels.Resize(9, 6);
        Assert.Equal(15, up[0, 4]);
        Assert.Equal(255, up[1, 8]);
        Assert.Equal(7, up[5, 3]);
        Assert.Subset(new HashSet<byte>(labels.Indices), new HashSet<byte>(up.Indices));
        Assert.Equal(labels.Indices, up.Resize(3, 2).Indices);
        // A palette image resizes its indices the same way.
        var img = labels.ToImage().Resize(9, 6);
        Assert.Equal(up.Indices, img.Pixels);
        Assert.NotNull(img.Palette);
    }

    [Fact]
    public void Colorize_and_blend_use_the_voc_colours()
    {
        var labels = new LabelMap(2, 1, [15, 255]);
        var colors = Overlay.Colorize(labels);
        Assert.Equal(Palette.Voc[15], (colors[0, 0, 0], colors[0, 0, 1], colors[0, 0, 2]));
        Assert.Equal(Palette.Voc[255], (colors[0, 1, 0], colors[0, 1, 1], colors[0, 1, 2]));

        var photo = new Image(2, 1, 3, [100, 100, 100, 100, 100, 100]);
        var blend = Overlay.Blend(photo, labels, 0.5);
        var (r, g, b) = Palette.Voc[15];
        Assert.Equal((byte) MathF.Round(100 + 0.5f * (r - 100)), blend[0, 0, 0]);
        Assert.Equal((byte) MathF.Round(100 + 0.5f * (b - 100)), blend[0, 0, 2]);
        Assert.Equal(100, blend[0, 1, 1]);  // void left as is
        Assert.Throws<ArgumentException>(() => Overlay.Blend(photo, new LabelMap(1, 1), 0.5));
    }

    [Fact]
    public void Palette_image_to_rgb_looks_colours_up()
    {
        var image = new LabelMap(2, 1, [1, 0]).ToImage();
        var rgb = image.ToRgb();
        Assert.Equal(Palette.Voc[1], (rgb[0, 0, 0], rgb[0, 0, 1], rgb[0, 0, 2]));
        Assert.Equal((byte) 0, rgb[0, 1, 0]);
    }

    [Fact]
    public void Jpeg_encode_decode_is_close_and_one_pixel_works()
    {
        var image = Ramp(33, 17, 3);
        var back = Jpeg.Decode(Jpeg.Encode(image, 95));
        int worst = image.Pixels.Zip(back.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 12, $"max difference {worst}");
        var one = Jpeg.Decode(Jpeg.Encode(new Image(1, 1, 3, [200, 10, 30]), 100));
        Assert.Equal((1, 1, 3), (one.Width, one.Height, one.Channels));
        Assert.True(Math.Abs(one.Pixels[0] - 200) <= 3);
        var gray = Jpeg.Decode(Jpeg.Encode(new Image(4, 4, 1, Enumerable.Repeat((byte) 90, 16).ToArray())));
        Assert.Equal(3, gray.Channels);
        Assert.All(gray.Pixels, v => Assert.InRange(v, 88, 92));
    }
}

public class ConcurrencyTests
{
    [Fact]
    public void Decoding_on_many_threads_gives_the_same_pixels()
    {
        var jpeg = File.ReadAllBytes(Fixtures.PathOf("images/photo_64x48_q75.jpg"));
        var png = File.ReadAllBytes(Fixtures.PathOf("images/label_voc_31x17.png"));
        var jpegPixels = Jpeg.Decode(jpeg).Pixels;
        var pngPixels = Png.Decode(png).Pixels;
        Parallel.For(0, 200, i =>
        {
            if (i % 2 == 0) Assert.Equal(jpegPixels, Jpeg.Decode(jpeg).Pixels);
            else Assert.Equal(pngPixels, Png.Decode(png).Pixels);
        });
    }
}
