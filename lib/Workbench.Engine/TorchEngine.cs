using System.Runtime.CompilerServices;
using TorchSharp;

namespace Workbench.Engine;

/// <summary>
/// Starts the engine the same way in every host — an app, a test run, the .NET Interactive kernel:
/// TorchSharp's natives are loaded from the workbench's own build output (<see cref="TorchNatives"/>)
/// and libtorch gets one intra-op thread per core unless <c>OMP_NUM_THREADS</c> says otherwise.
/// Runs once, when any workbench assembly is first used; <see cref="Start"/> is the explicit call
/// for a host (a notebook's first cell) that uses TorchSharp before any workbench type.
/// </summary>
public static class TorchEngine
{
    static readonly object gate = new();
    static bool started;

    /// <summary>Where libLibTorchSharp.so was loaded from; null where TorchSharp's own probing is used.</summary>
    public static string? NativeLibraryPath { get; private set; }

    /// <summary>The backend this build references: "cpu" (libtorch-cpu-linux-x64) or "cuda" (TorchSharp-cuda-linux).</summary>
    public static string Backend =>
        typeof(TorchEngine).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>The libtorch version TorchSharp runs on, e.g. "2.10.0".</summary>
    public static string LibTorchVersion
    {
        get
        {
            Start();
            var v = torch.__version__;
            return v.EndsWith(".0") && v.Count(c => c == '.') == 3 ? v[..^2] : v;
        }
    }

    // A library's module initializer is the one hook that runs in every host before the first
    // workbench call reaches TorchSharp, which is what deterministic loading needs.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => Start();

    public static void Start()
    {
        lock (gate)
        {
            if (started) return;
            started = true;
            NativeLibraryPath = TorchNatives.Load();
            // libtorch's default differs between builds (Debian's: one thread); the workbench's
            // rule is one per core, unless the user pinned a count for OpenMP.
            var omp = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
            if (!(int.TryParse(omp, out var n) && n > 0))
                torch.set_num_threads(Environment.ProcessorCount);
        }
    }
}
