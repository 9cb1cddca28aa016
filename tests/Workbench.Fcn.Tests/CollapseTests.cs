using Workbench.Fcn.Metrics;
using Workbench.Fcn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>A net that predicts one or two classes stops the comparison that would report it.</summary>
public class CollapseTests
{
    static ConfusionMatrix Predicting(params long[] predicted)
    {
        var m = new ConfusionMatrix(5);
        var truth = tensor(new long[] { 0, 1, 2, 3, 4, 0 });
        m.Add(truth, tensor(predicted));
        return m;
    }

    [Fact]
    public void One_or_two_predicted_classes_is_a_collapse_that_names_the_net()
    {
        using var scope = NewDisposeScope();
        var background = Predicting(0, 0, 0, 0, 0, 0);
        Assert.Equal(1, background.PredictedClasses);
        var e = Assert.Throws<InvalidOperationException>(() => Collapse.ThrowIfCollapsed("FCN-32s", background));
        Assert.Contains("FCN-32s collapsed", e.Message);
        Assert.Contains("1 of 5 classes", e.Message);
        Assert.Throws<InvalidOperationException>(() => Collapse.ThrowIfCollapsed("FCN-16s", Predicting(0, 1, 0, 0, 1, 0)));
    }

    [Fact]
    public void Three_predicted_classes_pass_whether_right_or_wrong()
    {
        using var scope = NewDisposeScope();
        var m = Predicting(2, 1, 0, 0, 0, 0);
        Assert.Equal(3, m.PredictedClasses);
        Collapse.ThrowIfCollapsed("FCN-8s", m);
        var two = new ConfusionMatrix(2);
        two.Add(tensor(new long[] { 0, 1 }), tensor(new long[] { 0, 1 }));
        Collapse.ThrowIfCollapsed("a two-class net", two);   // every class it has
    }
}
