using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// The device a run uses, from what a user types (<c>--device</c>, a notebook's <c>device</c>
/// parameter): "auto" (CUDA when available, else the CPU), "cpu", "cuda" or "cuda:N".
/// </summary>
public static class Devices
{
    public const string Choices = "auto, cpu, cuda or cuda:N";

    public static Device Resolve(string? name)
    {
        var text = (name ?? "auto").Trim().ToLowerInvariant();
        if (text is "" or "auto") return cuda.is_available() ? CUDA : CPU;
        if (text == "cpu") return CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (text.Length > 4 && !(int.TryParse(text[5..], out index) && index >= 0))
                throw new ArgumentException($"device '{name}': expected {Choices}");
            if (!cuda.is_available())
                throw new ArgumentException($"device '{name}': CUDA is not available here — " +
                    (TorchEngine.Backend == "cuda" ? "no NVIDIA GPU or driver was found" : "this build uses TorchSharp's CPU backend; build with `make TORCH_BACKEND=cuda` (README.md, 'Paper scale on a GPU')"));
            int count = cuda.device_count();
            if (index >= count) throw new ArgumentException($"device '{name}': there are {count} CUDA devices (cuda:0 … cuda:{count - 1})");
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"device '{name}': expected {Choices}");
    }

    /// <summary>The device of a module's first parameter (the CPU for a module without any).</summary>
    public static Device Of(nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;
}
