using Workbench.Vision.Imaging;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Tests;

public class InspectTests
{
    [Fact]
    public void Image_hash_equals_numpys_hash_of_the_decoded_pixels()
    {
        int compared = 0;
        foreach (var e in Fixtures.Images.Where(e => !e.TryGetProperty("jpeg", out _)))
        {
            var file = e.GetProperty("file").GetString()!;
            var info = ImageInfo.Inspect(Fixtures.PathOf(file));
            Assert.Equal(e.GetProperty("sha256").GetString(), info.Sha256);
            Assert.Equal(e.GetProperty("has_palette").GetBoolean(), info.HasPalette);
            Assert.Equal(e.GetProperty("bit_depth").GetInt32(), info.BitDepth);
            Assert.Equal(e.GetProperty("channels").GetInt32(), info.Channels);
            compared++;
        }
        Assert.True(compared >= 7);
        Assert.Equal("JPEG", ImageInfo.Inspect(Fixtures.PathOf("images/photo_37x23.jpg")).Format);
    }

    [Fact]
    public void Mat_summary_lists_nested_fields_with_numpys_sums()
    {
        var lines = MatSummary.Of(MatFile.Read(Fixtures.PathOf("mat/sbd_gtcls_uncompressed.mat")));
        var seg = lines.Single(l => l.Path == "GTcls.Segmentation");
        var expected = Fixtures.Expected.GetProperty("mat").EnumerateArray()
            .Single(m => m.GetProperty("file").GetString() == "mat/sbd_gtcls_uncompressed.mat")
            .GetProperty("variables")[0].GetProperty("elements")[0].GetProperty("Segmentation");
        Assert.Equal("uint8", seg.Class);
        Assert.Equal("7x9", seg.Shape);
        Assert.Equal(expected.GetProperty("sum").GetDouble(), seg.Sum);
        Assert.Equal(expected.GetProperty("max").GetDouble(), seg.Max);
        Assert.Equal(1 + 1 + 1 + 20 + 1, lines.Count);  // struct, Segmentation, Boundaries cell + 20 cells, CategoriesPresent
        var boundary = lines.Single(l => l.Path == "GTcls.Boundaries{15}");
        Assert.Equal("sparse logical", boundary.Class);
        Assert.Equal(8, boundary.Sum);
    }
}
