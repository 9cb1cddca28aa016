using System.Runtime.InteropServices;

namespace Workbench.Vision.Imaging.Native;

// libspng 0.7.3 (spng.h). Every function returns 0 or an spng_errno.
internal static unsafe partial class SpngNative
{
    internal const int SPNG_CTX_ENCODER = 2;
    internal const int SPNG_FMT_PNG = 256;
    internal const int SPNG_ENCODE_FINALIZE = 2;
    internal const int SPNG_COLOR_TYPE_GRAYSCALE = 0;
    internal const int SPNG_COLOR_TYPE_TRUECOLOR = 2;
    internal const int SPNG_COLOR_TYPE_INDEXED = 3;
    internal const int SPNG_COLOR_TYPE_GRAYSCALE_ALPHA = 4;
    internal const int SPNG_COLOR_TYPE_TRUECOLOR_ALPHA = 6;
    // enum spng_option
    internal const int SPNG_IMG_COMPRESSION_LEVEL = 2;
    internal const int SPNG_CHUNK_COUNT_LIMIT = 11;
    internal const int SPNG_ENCODE_TO_BUFFER = 12;

    [StructLayout(LayoutKind.Sequential)]
    internal struct spng_ihdr
    {
        public uint width;
        public uint height;
        public byte bit_depth;
        public byte color_type;
        public byte compression_method;
        public byte filter_method;
        public byte interlace_method;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct spng_plte
    {
        public uint n_entries;
        // 256 entries of {red, green, blue, alpha}.
        public fixed byte entries[256 * 4];
    }

    static SpngNative() => CodecLibraries.Initialize();

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial IntPtr spng_ctx_new(int flags);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial void spng_ctx_free(IntPtr ctx);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_set_png_buffer(IntPtr ctx, byte* buf, nuint size);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial IntPtr spng_get_png_buffer(IntPtr ctx, out nuint len, out int error);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_set_image_limits(IntPtr ctx, uint width, uint height);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_set_chunk_limits(IntPtr ctx, nuint chunkSize, nuint cacheSize);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_set_option(IntPtr ctx, int option, int value);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_decoded_image_size(IntPtr ctx, int fmt, out nuint len);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_decode_image(IntPtr ctx, byte* output, nuint len, int fmt, int flags);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_encode_image(IntPtr ctx, byte* img, nuint len, int fmt, int flags);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_get_ihdr(IntPtr ctx, out spng_ihdr ihdr);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_set_ihdr(IntPtr ctx, ref spng_ihdr ihdr);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_get_plte(IntPtr ctx, spng_plte* plte);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial int spng_set_plte(IntPtr ctx, spng_plte* plte);

    [LibraryImport(CodecLibraries.Spng)]
    internal static partial IntPtr spng_strerror(int err);

    internal static string ErrorMessage(int err) =>
        Marshal.PtrToStringUTF8(spng_strerror(err)) ?? $"libspng error {err}";
}
