using System.Reflection;
using System.Runtime.InteropServices;

namespace Workbench.Torch.Native;

// Finds libworkbench_torch.so and configures libtorch once, before the first native call.
internal static class NativeLoader
{
    internal const string PathVariable = "WORKBENCH_TORCH_LIB";
    const string FileName = "libworkbench_torch.so";
    static int initialized;

    internal static void Initialize()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);
        // Debian's libtorch starts with one intra-op thread; the design asks for one per core
        // unless the user pinned a count with OMP_NUM_THREADS.
        var omp = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        int threads = int.TryParse(omp, out var n) && n > 0 ? n : Environment.ProcessorCount;
        NativeMethods.wb_set_num_threads(threads);
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Lib) return IntPtr.Zero;
        var candidates = new List<string>();
        var overridePath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(overridePath)) candidates.Add(overridePath);
        candidates.Add(Path.Combine(AppContext.BaseDirectory, FileName));
        if (!string.IsNullOrEmpty(assembly.Location))
            candidates.Add(Path.Combine(Path.GetDirectoryName(assembly.Location)!, FileName));
        foreach (var path in candidates)
            if (File.Exists(path)) return NativeLibrary.Load(path);
        if (NativeLibrary.TryLoad(FileName, assembly, searchPath, out var handle)) return handle;
        throw new DllNotFoundException(
            $"{FileName} was not found (looked in: {string.Join(", ", candidates)}). " +
            $"Build it with `make native`, or set {PathVariable} to its path.");
    }
}
