using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using TorchSharp;

namespace Workbench.Engine;

/// <summary>
/// Loads TorchSharp's native library from the workbench's build output before TorchSharp looks for
/// it. TorchSharp probes the host's own paths, and where that fails (the .NET Interactive kernel:
/// the natives sit in our output's runtimes/ folder, not the kernel's) it copies unpatched natives
/// out of the NuGet cache, which do not load on Debian 12 (build/torch-natives/README.md). Loading
/// our copy by full path, and answering TorchSharp's by-name lookups with it, makes every host load
/// the same files.
/// </summary>
internal static class TorchNatives
{
    const string Library = "libLibTorchSharp.so";

    internal static string? Load()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var path = Find();
        if (path is null) return null;   // TorchSharp's own probing, and its message if that fails
        var folder = Path.GetDirectoryName(path)!;
        // The CUDA backend registers itself when libtorch_cuda.so is loaded; load it first where present.
        var cuda = Path.Combine(folder, "libtorch_cuda.so");
        if (File.Exists(cuda)) NativeLibrary.TryLoad(cuda, out _);
        var handle = NativeLibrary.Load(path);
        var torchSharp = typeof(torch).Assembly;
        var context = AssemblyLoadContext.GetLoadContext(torchSharp) ?? AssemblyLoadContext.Default;
        context.ResolvingUnmanagedDll += (assembly, name) =>
            assembly == torchSharp && name is "LibTorchSharp" or Library ? handle : IntPtr.Zero;
        return path;
    }

    /// <summary>The first of our assembly's folder, then the app's, that holds the library (flat or under runtimes/).</summary>
    static string? Find()
    {
        var folders = new List<string>();
        var own = typeof(TorchNatives).Assembly.Location;
        if (own.Length > 0) folders.Add(Path.GetDirectoryName(own)!);
        folders.Add(AppContext.BaseDirectory);
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var folder in folders)
        foreach (var candidate in new[] { Path.Combine(folder, Library), Path.Combine(folder, "runtimes", rid, "native", Library) })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        return null;
    }
}
