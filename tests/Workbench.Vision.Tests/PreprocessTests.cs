using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using Workbench.Engine;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Tests;

public class PreprocessTests
{
    [Fact]
    public void To_tensor_swaps_to_bgr_subtracts_the_mean_and_goes_chw()
    {
        // 2×1 image: pixel 0 = (R10, G20, B30), pixel 1 = (R200, G100, B0).
        var image = new Image(2, 1, 3, [10, 20, 30, 200, 100, 0]);
        var mean = Preprocess.VocMean;
        using var t = Preprocess.ToTensor(image, mean);
        Assert.Equal(new long[] { 3, 1, 2 }, t.shape);
        Assert.Equal(torch.float32, t.dtype);
        var v = t.ToArray<float>();
        float[] expected =
        [
            30f - (float) mean.B, 0f - (float) mean.B,
            20f - (float) mean.G, 100f - (float) mean.G,
            10f - (float) mean.R, 200f - (float) mean.R,
        ];
        Assert.Equal(expected, v);
    }

    [Fact]
    public void To_tensor_of_a_decoded_fixture_matches_a_direct_computation()
    {
        var image = Jpeg.Read(Fixtures.PathOf("images/photo_37x23.jpg"));
        var mean = (104.0, 117.0, 123.0);
        using var t = Preprocess.ToTensor(image, mean);
        var v = t.ToArray<float>();
        int n = image.Width * image.Height;
        int y = 11, x = 20, i = y * image.Width + x;
        Assert.Equal(image[y, x, 2] - 104f, v[i]);
        Assert.Equal(image[y, x, 1] - 117f, v[n + i]);
        Assert.Equal(image[y, x, 0] - 123f, v[2 * n + i]);
    }

    [Fact]
    public void Hha_keeps_its_channel_order()
    {
        var hha = new Image(1, 1, 3, [200, 100, 50]);
        var mean = (132.431, 94.076, 118.477);
        using var t = Preprocess.ToTensor(hha, mean, swapToBgr: false);
        Assert.Equal(new[] { 200f - (float) 132.431, 100f - (float) 94.076, 50f - (float) 118.477 }, t.ToArray<float>());
        using var swapped = Preprocess.ToTensor(hha, mean, swapToBgr: true);
        Assert.Equal(new[] { 50f - (float) 132.431, 100f - (float) 94.076, 200f - (float) 118.477 }, swapped.ToArray<float>());
    }

    [Fact]
    public void Labels_become_an_int64_tensor_with_void_kept()
    {
        using var t = Preprocess.ToLabelTensor(new LabelMap(3, 2, [0, 1, 255, 20, 7, 0]));
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(torch.int64, t.dtype);
        Assert.Equal(new long[] { 0, 1, 255, 20, 7, 0 }, t.ToArray<long>());
    }

    [Fact]
    public void Jpeg_to_tensor_equals_decode_then_to_tensor_and_reports_damage()
    {
        foreach (var file in new[] { "photo_37x23.jpg", "photo_64x48_q75.jpg", "photo_1x1.jpg", "gray_16x9.jpg" })
        {
            var path = Fixtures.PathOf("images/" + file);
            using var fused = Preprocess.ReadJpegTensor(path, Preprocess.VocMean);
            using var reference = Preprocess.ToTensor(Jpeg.Read(path), Preprocess.VocMean);
            Assert.Equal(reference.shape, fused.shape);
            Assert.Equal(reference.ToArray<float>(), fused.ToArray<float>());
        }
        var bytes = File.ReadAllBytes(Fixtures.PathOf("images/photo_64x48_q75.jpg"));
        var error = Assert.Throws<InvalidDataException>(() => Preprocess.JpegToTensor(bytes.AsSpan(0, bytes.Length / 2), Preprocess.VocMean, "half.jpg"));
        Assert.StartsWith("half.jpg: ", error.Message);
        // Threads each use their own scratch buffer.
        float[] expected;
        using (var once = Preprocess.JpegToTensor(bytes, Preprocess.VocMean)) expected = once.ToArray<float>();
        Parallel.For(0, 64, _ =>
        {
            using var t = Preprocess.JpegToTensor(bytes, Preprocess.VocMean);
            Assert.Equal(expected, t.ToArray<float>());
        });
    }

    [Fact]
    public void Vectorized_fill_equals_the_per_pixel_formula_for_any_size()
    {
        var sizes = from w in Gen.Choose(1, 70) from h in Gen.Choose(1, 9) from seed in Gen.Choose(0, int.MaxValue) from swap in Gen.Elements(true, false) select (w, h, seed, swap);
        Prop.ForAll(Arb.From(sizes), s =>
        {
            var random = new Random(s.seed);
            var pixels = new byte[s.w * s.h * 3];
            random.NextBytes(pixels);
            var image = new Image(s.w, s.h, 3, pixels);
            var mean = (104.00699, 116.66877, 122.67892);
            var output = new float[pixels.Length];
            Preprocess.Fill(image, mean, output, s.swap);
            int n = s.w * s.h;
            for (int i = 0; i < n; i++)
            {
                int c0 = s.swap ? 2 : 0, c2 = s.swap ? 0 : 2;
                if (output[i] != pixels[3 * i + c0] - (float) mean.Item1) return false;
                if (output[n + i] != pixels[3 * i + 1] - (float) mean.Item2) return false;
                if (output[2 * n + i] != pixels[3 * i + c2] - (float) mean.Item3) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
