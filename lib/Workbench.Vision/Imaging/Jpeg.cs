using System.Runtime.InteropServices;
using Workbench.Engine;
using Workbench.Vision.Imaging.Native;
using static Workbench.Vision.Imaging.Native.TurboJpegNative;

namespace Workbench.Vision.Imaging;

/// <summary>JPEG through libjpeg-turbo's TurboJPEG API (the same library Pillow decodes with).</summary>
public static unsafe class Jpeg
{
    /// <summary>Decodes to three-channel RGB (gray JPEGs are replicated, as Pillow's convert("RGB"); CMYK ones converted as Pillow converts them).</summary>
    public static Image Read(string path) => Decode(InputFile.ReadAllBytes(path), path);

    /// <summary>
    /// Decodes a JPEG held in memory. Any libjpeg warning (a truncated stream is only a warning
    /// to libjpeg) is an error here, so a damaged file never yields a half-gray image.
    /// </summary>
    public static Image Decode(ReadOnlySpan<byte> data, string? source = null)
    {
        var name = ImageErrors.Source(source);
        var handle = OpenDecoder(data, name, out var frame);
        try
        {
            var pixels = GC.AllocateUninitializedArray<byte>(frame.Width * frame.Height * 3);
            fixed (byte* dst = pixels)
                DecodeRgb(handle, data, name, dst, frame);
            return new Image(frame.Width, frame.Height, 3, pixels);
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
    internal static byte* DecodeToScratch(ReadOnlySpan<byte> data, string? source, out int width, out int height, int extraBytesPerPixel = 0)
    {
        var name = ImageErrors.Source(source);
        var handle = OpenDecoder(data, name, out var frame, extraBytesPerPixel);
        try
        {
            (width, height) = (frame.Width, frame.Height);
            var dst = NativeScratch.ForThisThread((long) width * height * 3);
            DecodeRgb(handle, data, name, dst, frame);
            return dst;
        }
        finally
        {
            tjDestroy(handle);
        }
    }

    readonly record struct Frame(int Width, int Height, bool Cmyk);

    // Every Huffman-coded 8x8 block costs at least one bit (its DC code, in sequential and progressive
    // files alike), so a file of n bytes holds at most 512·n pixels of its largest component.
    const long PixelsPerByte = 512;

    // Reads and checks the header; the caller destroys the returned decompressor. A header may claim
    // any size up to 65535², so before any pixel memory is taken the claim is checked against what
    // the file's bytes can encode and what the decode will take (the output, libjpeg's coefficient
    // buffer for progressive and multi-scan files, the CMYK intermediate, and what the caller makes
    // of the pixels, e.g. a float tensor) against the read limit.
    static IntPtr OpenDecoder(ReadOnlySpan<byte> data, string name, out Frame frame, int extraBytesPerPixel = 0)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
            throw new InvalidDataException($"{name}: not a JPEG (no SOI marker at the start)");
        var handle = tjInitDecompress();
        if (handle == IntPtr.Zero) throw new InvalidDataException($"{name}: libturbojpeg could not create a decompressor");
        try
        {
            int width, height, colorspace;
            fixed (byte* src = data)
                if (tjDecompressHeader3(handle, src, (nuint) data.Length, out width, out height, out _, out colorspace) != 0)
                    throw new InvalidDataException($"{name}: corrupt JPEG header: {ErrorMessage(handle)}");
            if (width < 1 || height < 1 || width > ImageChecks.MaxSide || height > ImageChecks.MaxSide)
                throw new InvalidDataException($"{name}: JPEG size {width}x{height} is outside 1..{ImageChecks.MaxSide} per side");
            var markers = JpegMarkers.Scan(data);
            long pixels = (long) width * height;
            if (!markers.Arithmetic && pixels > PixelsPerByte * data.Length)
                throw new InvalidDataException(
                    $"{name}: the JPEG header claims {width}x{height} pixels, more than its {data.Length} bytes can encode (at least one bit per 8x8 block; damaged or crafted header)");
            bool cmyk = colorspace is TJCS_CMYK or TJCS_YCCK;
            long components = Math.Max(markers.Components, cmyk ? 4 : 3);
            long needed = (3 + extraBytesPerPixel) * pixels + (cmyk ? 4 * pixels : 0) + (markers.Progressive || markers.Scans > 1 ? 2 * components * pixels : 0);
            if (!ReadLimits.Allows(needed))
                throw new InvalidDataException($"{name}: decoding the {width}x{height} JPEG takes {ReadLimits.Format(needed)}, {ReadLimits.Hint}");
            if (3 * pixels > Array.MaxLength)
                throw new InvalidDataException($"{name}: JPEG size {width}x{height} is too large for one image buffer");
            frame = new Frame(width, height, cmyk);
            return handle;
        }
        catch
        {
            tjDestroy(handle);
            throw;
        }
    }

    static void DecodeRgb(IntPtr handle, ReadOnlySpan<byte> data, string name, byte* dst, Frame frame)
    {
        if (!frame.Cmyk)
        {
            Decompress(handle, data, name, dst, frame, TJPF_RGB, 3);
            return;
        }
        long pixels = (long) frame.Width * frame.Height;
        var cmyk = (byte*) NativeMemory.Alloc((nuint) (4 * pixels));
        try
        {
            Decompress(handle, data, name, cmyk, frame, TJPF_CMYK, 4);
            CmykToRgb(cmyk, dst, pixels);
        }
        finally
        {
            NativeMemory.Free(cmyk);
        }
    }

    static void Decompress(IntPtr handle, ReadOnlySpan<byte> data, string name, byte* dst, Frame frame, int format, int channels)
    {
        fixed (byte* src = data)
        {
            if (tjDecompress2(handle, src, (nuint) data.Length, dst, frame.Width, frame.Width * channels, frame.Height, format, TJFLAG_ACCURATEDCT) != 0)
            {
                var kind = tjGetErrorCode(handle) == TJERR_WARNING ? "damaged" : "corrupt";
                throw new InvalidDataException($"{name}: {kind} JPEG data: {ErrorMessage(handle)}");
            }
        }
    }

    // As Pillow: CMYK JPEGs are read with Adobe's inverted polarity (Photoshop writes them so), and
    // convert("RGB") takes each channel as (255 − K) − C·(255 − K)/255 with Pillow's rounding.
    // libjpeg hands out the stored, inverted samples: C = 255 − stored C, 255 − K = stored K.
    static void CmykToRgb(byte* cmyk, byte* rgb, long pixels)
    {
        for (long i = 0; i < pixels; i++, cmyk += 4, rgb += 3)
        {
            int nk = cmyk[3];
            rgb[0] = (byte) Math.Clamp(nk - MulDiv255(255 - cmyk[0], nk), 0, 255);
            rgb[1] = (byte) Math.Clamp(nk - MulDiv255(255 - cmyk[1], nk), 0, 255);
            rgb[2] = (byte) Math.Clamp(nk - MulDiv255(255 - cmyk[2], nk), 0, 255);
        }
    }

    static int MulDiv255(int a, int b)
    {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
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
