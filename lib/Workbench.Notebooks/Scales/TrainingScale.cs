namespace Workbench.Notebooks.Scales;

/// <summary>
/// What a training notebook runs at one scale: how many synthetic images (0: the real dataset's split),
/// their size, the net's width (1.0 is the paper's; 1/8 divides every channel count by 8), the number
/// of updates per net and the learning rate.
/// </summary>
public sealed record TrainingScale(Scale Scale, int TrainImages, int TestImages, int Height, int ImageWidth,
                                   double NetWidth, int Updates, double LearningRate)
{
    public override string ToString() =>
        $"scale {Scale}: " + (Scale.IsPaper ? "the real splits" : $"{TrainImages} train / {TestImages} test synthetic images of {Height}x{ImageWidth}") +
        $", net width {NetWidth:0.###}, {Updates} updates, lr {LearningRate:0.#####}";
}
