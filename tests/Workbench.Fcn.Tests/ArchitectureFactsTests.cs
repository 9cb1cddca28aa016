using Workbench.Fcn.Backbones;
using Workbench.Fcn.Models;

namespace Workbench.Fcn.Tests;

// Table 1 of the paper (notebooks/paper/tables.json, table1_backbones): parameters in millions,
// conv layers, receptive field, max stride — here computed from the full-width nets.
public class ArchitectureFactsTests
{
    [Theory]
    [InlineData("fcn-alexnet", 57, 8, 355)]
    [InlineData("fcn32s", 134, 16, 404)]
    [InlineData("fcn-googlenet", 6, 22, 715)]
    public void Table_1_columns_follow_from_the_modules(string model, long millions, int convLayers, long rf)
    {
        using var net = ModelZoo.Create(model, 21);
        var facts = ArchitectureFacts.Of(net);
        Assert.Equal(millions, (long) Math.Round(facts.LearnedParameters / 1e6));
        Assert.Equal(convLayers, facts.ConvLayers);
        Assert.Equal(rf, facts.ReceptiveField);
        Assert.Equal(32, facts.MaxStride);
        Assert.True(facts.TotalParameters > facts.LearnedParameters); // the fixed bilinear upscore
    }

    [Fact]
    public void GoogLeNet_classifier_with_its_average_pool_has_the_receptive_field_of_Table_1()
    {
        // Table 1's 907 is the classifier's field: 715 through inception_5b plus the 7×7 average
        // pool at stride 32 (6·32 = 192), the layer that the paper's FCN-GoogLeNet discards.
        using var net = new Fcn32s(new GoogLeNet(1.0 / 16, averagePool: true), 21);
        var facts = ArchitectureFacts.Of(net);
        Assert.Equal(907, facts.ReceptiveField);
        Assert.Equal(22, facts.ConvLayers);
    }

    [Fact]
    public void Skip_nets_keep_the_depth_and_field_of_their_trunk()
    {
        using var net = ModelZoo.Create("fcn8s", 21, 1.0 / 16);
        var facts = ArchitectureFacts.Of(net);
        Assert.Equal(16, facts.ConvLayers);
        Assert.Equal(404, facts.ReceptiveField);
        Assert.Equal(3, facts.CropOffsets.Count);
    }
}
