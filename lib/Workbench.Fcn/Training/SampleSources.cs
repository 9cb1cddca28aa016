using Workbench.Vision.Datasets;

namespace Workbench.Fcn.Training;

public static class SampleSources
{
    /// <summary>The colour (or only) input and the semantic labels of a dataset, as the trainer reads them.</summary>
    public static SampleSource From(ISegmentationDataset dataset) => new(dataset.Count, i =>
    {
        var sample = dataset.Get(i);
        return (sample.ImageTensor(), sample.LabelTensor());
    });
}
