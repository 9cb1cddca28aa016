using System.Runtime.InteropServices;

namespace Workbench.Vision.Imaging.Native;

// libturbojpeg's TurboJPEG 2.x API (turbojpeg.h). `unsigned long` is 64-bit on Linux: nuint.
internal static unsafe partial class TurboJpegNative
{
    internal const int TJPF_RGB = 0;
    internal const int TJPF_BGR = 1;
    internal const int TJPF_GRAY = 6;
    internal const int TJPF_CMYK = 11;
    internal const int TJCS_CMYK = 3;
    internal const int TJCS_YCCK = 4;
    internal const int TJSAMP_444 = 0;
    internal const int TJSAMP_420 = 2;
    internal const int TJSAMP_GRAY = 3;
    internal const int TJFLAG_ACCURATEDCT = 4096;
    internal const int TJERR_WARNING = 0;

    static TurboJpegNative() => CodecLibraries.Initialize();

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial IntPtr tjInitDecompress();

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial int tjDecompressHeader3(IntPtr handle, byte* jpegBuf, nuint jpegSize,
        out int width, out int height, out int jpegSubsamp, out int jpegColorspace);

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial int tjDecompress2(IntPtr handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf,
        int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial IntPtr tjInitCompress();

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial int tjCompress2(IntPtr handle, byte* srcBuf, int width, int pitch, int height,
        int pixelFormat, byte** jpegBuf, nuint* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial void tjFree(byte* buffer);

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial int tjDestroy(IntPtr handle);

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial IntPtr tjGetErrorStr2(IntPtr handle);

    [LibraryImport(CodecLibraries.TurboJpeg)]
    internal static partial int tjGetErrorCode(IntPtr handle);

    internal static string ErrorMessage(IntPtr handle) =>
        Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "unknown libturbojpeg error";
}
