using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>The element type a net computes in: float32, or bfloat16 (float32's range, 8 bits of mantissa).</summary>
public enum Precision
{
    Fp32,
    Bf16,
}

/// <summary>
/// The precision a run uses, from what a user types (<c>--precision</c>, a notebook's
/// <c>precision</c> parameter): "fp32", "bf16", or "auto" — bfloat16 where the hardware computes it
/// natively (a GPU; a CPU with AVX-512 BF16 or AMX), float32 elsewhere, where libtorch would emulate
/// bfloat16 more slowly than it computes float32.
/// </summary>
public static class Precisions
{
    public const string Choices = "fp32, bf16 or auto";

    public static Precision Resolve(string? name, Device device)
    {
        var text = (name ?? "auto").Trim().ToLowerInvariant();
        return text switch
        {
            "" or "auto" => HasNativeBf16(device) ? Precision.Bf16 : Precision.Fp32,
            "fp32" or "float32" => Precision.Fp32,
            "bf16" or "bfloat16" => Precision.Bf16,
            _ => throw new ArgumentException($"precision '{name}': expected {Choices}"),
        };
    }

    public static ScalarType DType(this Precision p) => p == Precision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    public static string Name(this Precision p) => p == Precision.Bf16 ? "bf16" : "fp32";

    /// <summary>Whether <paramref name="device"/> computes bfloat16 in hardware (every CUDA device libtorch 2.10 supports does, natively from Ampere on).</summary>
    public static bool HasNativeBf16(Device device) => device.type == DeviceType.CUDA || CpuHasNativeBf16;

    /// <summary>AVX-512 BF16 or AMX-BF16 in the CPU's flags (Linux's /proc/cpuinfo; false where it cannot be read).</summary>
    public static bool CpuHasNativeBf16 => cpuFlags.Value.Contains("avx512_bf16") || cpuFlags.Value.Contains("amx_bf16");

    static readonly Lazy<HashSet<string>> cpuFlags = new(() =>
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null ? new HashSet<string>() : line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (IOException)
        {
            return new HashSet<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return new HashSet<string>();
        }
    });
}
