using System.Reflection;
using System.Runtime.InteropServices;

namespace Workbench.Vision.Imaging.Native;

// Maps the short library names of this assembly's P/Invokes to Debian's sonames. Only one
// DllImportResolver may be set per assembly, so every native library Workbench.Vision uses is
// listed here.
internal static class CodecLibraries
{
    internal const string TurboJpeg = "turbojpeg";
    internal const string Spng = "spng";

    static readonly Dictionary<string, string[]> Sonames = new()
    {
        [TurboJpeg] = ["libturbojpeg.so.0", "libturbojpeg.so"],
        [Spng] = ["libspng.so.0", "libspng.so"],
    };

    static int initialized;

    /// <summary>Installs the resolver; called by each interop class's static constructor.</summary>
    internal static void Initialize()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(CodecLibraries).Assembly, Resolve);
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Sonames.TryGetValue(name, out var candidates)) return IntPtr.Zero;
        foreach (var soname in candidates)
            if (NativeLibrary.TryLoad(soname, assembly, searchPath, out var handle)) return handle;
        var package = name == TurboJpeg ? "libturbojpeg0" : "libspng0";
        throw new DllNotFoundException(
            $"{candidates[0]} was not found; install Debian's {package} package (make deps does).");
    }
}
