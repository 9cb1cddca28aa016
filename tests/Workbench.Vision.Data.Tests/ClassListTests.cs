using Workbench.Vision.Datasets;

namespace Workbench.Vision.Data.Tests;

public class ClassListTests
{
    [Fact]
    public void Shipped_lists_have_the_reference_sizes()
    {
        Assert.Equal(21, ClassLists.Voc.Count);
        Assert.Equal("background", ClassLists.Voc[0]);
        Assert.Equal("tvmonitor", ClassLists.Voc[20]);
        Assert.Equal(40, ClassLists.Nyud.Count);
        Assert.Equal("ceiling", ClassLists.Nyud[21]);
        Assert.Equal(33, ClassLists.SiftFlowSemantic.Count);
        Assert.Equal(new[] { "sky", "horizontal", "vertical" }, ClassLists.SiftFlowGeometric);
        Assert.Equal(459, ClassLists.Context400.Count); // labels.txt of PASCAL-Context: the "400+" full label set
        Assert.Equal(60, ClassLists.Context59.Count);
        Assert.Equal(736, ClassLists.Seg11Valid.Count);
        Assert.Equal(381, ClassLists.NyudSplit("train").Count);
        Assert.Equal(414, ClassLists.NyudSplit("val").Count);
        Assert.Equal(795, ClassLists.NyudSplit("trainval").Count);
        Assert.Equal(654, ClassLists.NyudSplit("test").Count);
        Assert.Equal(2486, ClassLists.SiftFlowSplit("trainval").Count);
        Assert.Equal(200, ClassLists.SiftFlowSplit("test").Count);
    }

    [Fact]
    public void Unknown_split_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassLists.NyudSplit("dev"));
        Assert.Contains("dev", e.Message);
    }
}
