namespace Workbench.Torch;

public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

public static partial class torch
{
    /// <summary>Where a tensor lives: the CPU, or one CUDA device.</summary>
    public sealed record Device(DeviceType type, int index = -1)
    {
        public static Device Parse(string spec)
        {
            var s = spec.Trim().ToLowerInvariant();
            if (s == "cpu") return CPU;
            if (s == "cuda") return new Device(DeviceType.CUDA, 0);
            if (s.StartsWith("cuda:") && int.TryParse(s[5..], out var i) && i >= 0) return new Device(DeviceType.CUDA, i);
            throw new ArgumentException($"unknown device '{spec}': expected 'cpu', 'cuda' or 'cuda:N'", nameof(spec));
        }

        public override string ToString() => type == DeviceType.CPU ? "cpu" : index < 0 ? "cuda" : $"cuda:{index}";
    }

    public static readonly Device CPU = new(DeviceType.CPU);
    public static Device CUDA => new(DeviceType.CUDA, 0);
    public static Device device(string spec) => Device.Parse(spec);

    public static partial class cuda
    {
        public static bool is_available() => Native.NativeMethods.wb_cuda_is_available() == 1;
        public static int device_count() => Native.NativeMethods.wb_cuda_device_count();
        public static void synchronize() => TorchException.Check(Native.NativeMethods.wb_cuda_synchronize(), "cuda.synchronize");
    }
}
