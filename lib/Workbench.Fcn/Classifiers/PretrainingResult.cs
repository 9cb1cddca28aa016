namespace Workbench.Fcn.Classifiers;

/// <summary>
/// A pretrained classifier in the cache: its weights file, how long training took (measured when it
/// was trained, so a cached result still reports it), whether this call found it cached, and its
/// accuracy on held-out Fashion-MNIST test images.
/// </summary>
public sealed record PretrainingResult(string WeightsPath, PretrainingSettings Settings, double TrainSeconds, bool Cached,
    double TestAccuracy, int TestImages, long InputSize, double FinalLoss)
{
    public override string ToString() =>
        $"{Settings}: {(Cached ? "cached" : "trained")} {WeightsPath} ({TrainSeconds:0.#} s of training, " +
        $"test accuracy {100 * TestAccuracy:0.0}% on {TestImages} Fashion-MNIST test images, input {InputSize}×{InputSize})";
}

/// <summary>Reported after every update: where training is and how it goes.</summary>
public sealed record PretrainingProgress(int Epoch, int Epochs, long Step, long Steps, double Loss, TimeSpan Elapsed);
