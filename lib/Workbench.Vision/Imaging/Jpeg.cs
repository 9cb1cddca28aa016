using Workbench.Engine;
using Workbench.Vision.Imaging.Native;
using static Workbench.Vision.Imaging.Native.TurboJpegNative;

namespace Workbench.Vision.Imaging;

/// <summary>JPEG through libjpeg-turbo's TurboJPEG API (the same library Pillow decodes with).</summary>
public static unsafe class Jpeg
{
    /// <summary>Decodes to three-channel RGB (gray JPEGs are replicated, as Pillow's convert("RGB")).</summary>
    public static Image Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>
    /// Decodes a JPEG held in memory. Any libjpeg warning (a truncated stream is only a warning
    /// to libjpeg) is an error here, so a damaged file never yields a half-gray image.
    /// </summary>
    public static Image Decode(ReadOnlySpan<byte> data, string? source = null)
    {
        var name = ImageErrors.Source(source);
        var handle = OpenDecoder(data, name, out int width, out int height);
        try
        {
            var pixels = GC.AllocateUninitializedArray<byte>(width * height * 3);
            fixed (byte* dst = pixels)
                DecodeRgb(handle, data, name, dst, width, height);
            return new Image(width, height, 3, pixels);
        }
        finally
        {
            tjDestroy(handle);
        }
    }

    /// <summary>
    /// Decodes into this thread's native scratch buffer (valid until the thread's next call): the
    /// input pipeline's path, which needs no managed copy and so no large-object-heap churn.
    /// </summary>
    internal static byte* DecodeToScratch(ReadOnlySpan<byte> data, string? source, out int width, out int height)
    {
        var name = ImageErrors.Source(source);
        var handle = OpenDecoder(data, name, out width, out height);
        try
        {
            var dst = NativeScratch.ForThisThread((long) width * height * 3);
            DecodeRgb(handle, data, name, dst, width, height);
            return dst;
        }
        finally
        {
            tjDestroy(handle);
        }
    }

    // Reads and checks the header; the caller destroys the returned decompressor.
    static IntPtr OpenDecoder(ReadOnlySpan<byte> data, string name, out int width, out int height)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
            throw new InvalidDataException($"{name}: not a JPEG (no SOI marker at the start)");
        var handle = tjInitDecompress();
        if (handle == IntPtr.Zero) throw new InvalidDataException($"{name}: libturbojpeg could not create a decompressor");
        try
        {
            fixed (byte* src = data)
                if (tjDecompressHeader3(handle, src, (nuint) data.Length, out width, out height, out _, out _) != 0)
                    throw new InvalidDataException($"{name}: corrupt JPEG header: {ErrorMessage(handle)}");
            if (width < 1 || height < 1 || width > ImageChecks.MaxSide || height > ImageChecks.MaxSide)
                throw new InvalidDataException($"{name}: JPEG size {width}x{height} is outside 1..{ImageChecks.MaxSide} per side");
            if ((long) width * height * 3 > Array.MaxLength)
                throw new InvalidDataException($"{name}: JPEG size {width}x{height} is too large for one image buffer");
            return handle;
        }
        catch
        {
            tjDestroy(handle);
            throw;
        }
    }

    static void DecodeRgb(IntPtr handle, ReadOnlySpan<byte> data, string name, byte* dst, int width, int height)
    {
        fixed (byte* src = data)
        {
            if (tjDecompress2(handle, src, (nuint) data.Length, dst, width, width * 3, height, TJPF_RGB, TJFLAG_ACCURATEDCT) != 0)
            {
                var kind = tjGetErrorCode(handle) == TJERR_WARNING ? "damaged" : "corrupt";
                throw new InvalidDataException($"{name}: {kind} JPEG data: {ErrorMessage(handle)}");
            }
        }
    }

    /// <summary>Encodes an RGB or gray image; quality 1..100, 4:2:0 chroma subsampling (as Pillow's default).</summary>
    public static byte[] Encode(Image image, int quality = 90)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality is 1..100");
        if (image.HasPalette || image.Channels is 2 or 4) image = image.ToRgb();
        bool gray = image.Channels == 1;
        var handle = tjInitCompress();
        if (handle == IntPtr.Zero) throw new InvalidOperationException("libturbojpeg could not create a compressor");
        byte* output = null;
        try
        {
            nuint size = 0;
            fixed (byte* src = image.Pixels)
            {
                if (tjCompress2(handle, src, image.Width, image.Width * image.Channels, image.Height,
                        gray ? TJPF_GRAY : TJPF_RGB, &output, &size, gray ? TJSAMP_GRAY : TJSAMP_420, quality, TJFLAG_ACCURATEDCT) != 0)
                    throw new InvalidOperationException($"JPEG encoding failed: {ErrorMessage(handle)}");
            }
            return new ReadOnlySpan<byte>(output, checked((int) size)).ToArray();
        }
        finally
        {
            if (output != null) tjFree(output);
            tjDestroy(handle);
        }
    }

    public static void Write(string path, Image image, int quality = 90) => AtomicFile.WriteAllBytes(path, Encode(image, quality));
}
