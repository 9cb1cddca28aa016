namespace Workbench.Vision.Datasets;

/// <summary>
/// What every dataset — real (VOC, SBD, NYUDv2, SIFT Flow, PASCAL-Context) or synthetic — offers
/// to models, the trainer, the data loader and the notebooks. <see cref="Get"/> must be safe to
/// call from several threads at once (the loader decodes on worker threads).
/// </summary>
public interface ISegmentationDataset
{
    string Name { get; }
    int Count { get; }

    /// <summary>The inputs each sample carries (<see cref="InputKind"/> names), in network order.</summary>
    IReadOnlyList<string> Inputs { get; }

    /// <summary>The labellings each sample carries; the first is the main (semantic) one.</summary>
    IReadOnlyList<LabelTask> Tasks { get; }

    /// <summary>The classes of the first task.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The id of item <paramref name="index"/> without loading it (file stem or synthetic index).</summary>
    string IdAt(int index);

    SegmentationSample Get(int index);
}
