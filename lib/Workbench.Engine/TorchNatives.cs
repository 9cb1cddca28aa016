using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using TorchSharp;

namespace Workbench.Engine;

/// <summary>
/// Loads TorchSharp's native library from the workbench's build output, by full path, before
/// TorchSharp looks for it, and answers TorchSharp's by-name lookups with it. The build puts the
/// (patched) natives beside TorchSharp.dll, where TorchSharp's own probing finds them too; this
/// makes it certain in every host. Where TorchSharp's probing fails it copies unpatched natives out
/// of the NuGet cache, which do not load on Debian 12 (build/torch-natives/README.md).
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

    /// <summary>The first of our assembly's folder, then the app's, that holds the library.</summary>
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
