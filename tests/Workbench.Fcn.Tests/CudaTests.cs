using TorchSharp;
using Workbench.Engine;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>A fact that needs a CUDA device: skipped, saying why, where there is none (a CPU build or no GPU).</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!cuda.is_available())
            Skip = $"no CUDA device (this build's backend: {TorchEngine.Backend}; `make test TORCH_BACKEND=cuda` on a GPU machine runs it)";
    }
}

/// <summary>The CUDA path: the same nets give the same scores and train there (README, "Paper scale on a GPU").</summary>
public class CudaTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fcn-cuda-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [CudaFact]
    public void An_fcn8s_scores_the_same_on_the_gpu_as_on_the_cpu()
    {
        manual_seed(3);
        using var net = ModelZoo.Create("fcn8s", 21, 1.0 / 16);
        using (no_grad()) foreach (var (name, p) in net.named_parameters()) if (!name.StartsWith("upscore")) p.normal_(0, 0.1);
        net.eval();
        using var x = randn(1, 3, 67, 83) * 50;
        using var onCpu = net.forward(x);
        net.to(CUDA);
        Assert.All(net.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device_type));
        using var onGpu = net.forward(x.cuda()).cpu();
        double scale = onCpu.abs().max().item<float>();
        Assert.True((onGpu - onCpu).abs().max().item<float>() <= 1e-3 * Math.Max(1, scale));
        var (labels, scores) = Inference.Predict(net, x.squeeze(0));
        Assert.Equal(DeviceType.CUDA, labels.device_type);
        labels.Dispose();
        scores.Dispose();
    }

    [CudaFact]
    public void A_run_on_the_gpu_trains_checkpoints_and_resumes_there()
    {
        var data = Shapes.Source(4, 40, 1);
        manual_seed(5);
        using var net = ModelZoo.Create("fcn8s", Shapes.Classes, 1.0 / 16);
        Initialization.HeNormalTrunk(net);
        var options = new TrainerOptions
        {
            LearningRate = new LearningRate.Fixed(1e-3), Momentum = 0.9, MaxIterations = 4, Normalization = LossNormalization.Mean,
            CheckpointEvery = 2, Directory = dir, Seed = 1, Device = CUDA,
        };
        var trainer = new Trainer(net, data, options);
        trainer.Run();
        Assert.All(net.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device_type));
        Assert.All(trainer.Losses, l => Assert.True(double.IsFinite(l)));
        using var again = ModelZoo.Create("fcn8s", Shapes.Classes, 1.0 / 16);
        var resumed = new Trainer(again, data, options);
        Assert.Equal(4, resumed.ResumeFromLatest());
        Assert.All(again.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device_type));
    }
}
