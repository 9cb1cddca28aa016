using Workbench.Engine;
using System.Runtime.InteropServices;
using static Workbench.Vision.Imaging.Native.SpngNative;

namespace Workbench.Vision.Imaging;

/// <summary>The fields of a PNG's IHDR chunk.</summary>
public readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    public bool HasPalette => ColorType == SPNG_COLOR_TYPE_INDEXED;

    public int Channels => ColorType switch
    {
        SPNG_COLOR_TYPE_GRAYSCALE or SPNG_COLOR_TYPE_INDEXED => 1,
        SPNG_COLOR_TYPE_GRAYSCALE_ALPHA => 2,
        SPNG_COLOR_TYPE_TRUECOLOR => 3,
        _ => 4,
    };
}

/// <summary>
/// PNG through libspng. Palette images keep their indices: a VOC label PNG decodes to class
/// indices (255 = void), never to colours.
/// </summary>
public static unsafe class Png
{
    // Limits for untrusted input: a chunk (and all cached ancillary chunks) at most 64 MiB.
    const int ChunkLimit = 64 << 20;

    public static Image Read(string path) => Decode(InputFile.ReadAllBytes(path), path);

    public static Image16 Read16(string path) => Decode16(InputFile.ReadAllBytes(path), path);

    /// <summary>A palette or 8-bit gray PNG as a label map (its indices or gray values).</summary>
    public static LabelMap ReadLabels(string path) => DecodeLabels(InputFile.ReadAllBytes(path), path);

    public static PngHeader ReadHeader(string path) => DecodeHeader(InputFile.ReadAllBytes(path), path);

    /// <summary>
    /// Decodes an image of bit depth 1 to 8: palette images as indices with their <see cref="Palette"/>,
    /// gray of depth below 8 scaled to 0..255. 16-bit PNGs are refused here: use <see cref="Decode16"/>.
    /// </summary>
    public static Image Decode(ReadOnlySpan<byte> data, string? source = null)
    {
        var name = ImageErrors.Source(source);
        var (header, raw, palette) = DecodeRaw(data, name);
        if (header.BitDepth == 16)
            throw new InvalidDataException($"{name}: 16-bit PNG; read it with Png.Read16/Decode16 (depth maps are 16-bit)");
        var pixels = header.BitDepth == 8 ? raw : Unpack(raw, header);
        return new Image(header.Width, header.Height, header.Channels, pixels, palette);
    }

    /// <summary>Decodes any PNG to 16-bit samples (8-bit and lower are widened without scaling).</summary>
    public static Image16 Decode16(ReadOnlySpan<byte> data, string? source = null)
    {
        var name = ImageErrors.Source(source);
        var (header, raw, _) = DecodeRaw(data, name);
        ushort[] pixels;
        if (header.BitDepth == 16)
        {
            pixels = MemoryMarshal.Cast<byte, ushort>(raw).ToArray();
        }
        else
        {
            var bytes = header.BitDepth == 8 ? raw : Unpack(raw, header, scaleGray: false);
            pixels = new ushort[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) pixels[i] = bytes[i];
        }
        return new Image16(header.Width, header.Height, header.Channels, pixels);
    }

    public static LabelMap DecodeLabels(ReadOnlySpan<byte> data, string? source = null)
    {
        var name = ImageErrors.Source(source);
        var header = DecodeHeader(data, name);
        if (!(header.HasPalette || (header.ColorType == SPNG_COLOR_TYPE_GRAYSCALE && header.BitDepth == 8)))
            throw new InvalidDataException(
                $"{name}: a label PNG must be a palette or 8-bit gray image, this one has colour type {header.ColorType}, depth {header.BitDepth}");
        return LabelMap.FromImage(Decode(data, name), name);
    }

    public static PngHeader DecodeHeader(ReadOnlySpan<byte> data, string? source = null)
    {
        var name = ImageErrors.Source(source);
        var ctx = NewDecoder();
        try
        {
            fixed (byte* p = data)
            {
                Check(spng_set_png_buffer(ctx, p, (nuint) data.Length), name, "reading");
                Check(spng_get_ihdr(ctx, out var ihdr), name, "reading the header of");
                return ToHeader(ihdr);
            }
        }
        finally
        {
            spng_ctx_free(ctx);
        }
    }

    static (PngHeader header, byte[] raw, Palette? palette) DecodeRaw(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 8 || data[0] != 0x89 || data[1] != (byte) 'P' || data[2] != (byte) 'N' || data[3] != (byte) 'G')
            throw new InvalidDataException($"{name}: not a PNG (no PNG signature at the start)");
        CheckComplete(data, name);
        var ctx = NewDecoder();
        try
        {
            fixed (byte* p = data)
            {
                Check(spng_set_png_buffer(ctx, p, (nuint) data.Length), name, "reading");
                Check(spng_get_ihdr(ctx, out var ihdr), name, "reading the header of");
                var header = ToHeader(ihdr);
                Check(spng_decoded_image_size(ctx, SPNG_FMT_PNG, out var size), name, "sizing");
                long expected = (long) header.Height * RowBytes(header);
                if ((long) size != expected)
                    throw new InvalidDataException($"{name}: libspng reports {size} decoded bytes, expected {expected}");
                // Deflate expands at most about 1032:1, so a header claiming far more pixels than
                // the file could hold is corrupt; refusing it here avoids a giant allocation.
                if (expected > Array.MaxLength || expected > 1100L * data.Length + (1 << 20))
                    throw new InvalidDataException(
                        $"{name}: PNG header claims {header.Width}x{header.Height} ({expected} bytes decoded), more than {data.Length} bytes of file can hold");
                // Samples below 8 bits are unpacked to a byte each afterwards: up to 8× the decoded bytes.
                long unpacked = header.BitDepth < 8 ? (long) header.Width * header.Height * header.Channels : 0;
                if (!ReadLimits.Allows(expected + unpacked))
                    throw new InvalidDataException($"{name}: decoding the {header.Width}x{header.Height} PNG takes {ReadLimits.Format(expected + unpacked)}, {ReadLimits.Hint}");
                var raw = GC.AllocateUninitializedArray<byte>((int) size);
                fixed (byte* dst = raw)
                    Check(spng_decode_image(ctx, dst, size, SPNG_FMT_PNG, 0), name, "decoding");
                Palette? palette = null;
                if (header.HasPalette)
                {
                    spng_plte plte;
                    Check(spng_get_plte(ctx, &plte), name, "reading the palette of");
                    if (plte.n_entries is < 1 or > 256)
                        throw new InvalidDataException($"{name}: palette has {plte.n_entries} entries");
                    var colors = new byte[plte.n_entries * 3];
                    for (int i = 0; i < plte.n_entries; i++)
                    {
                        colors[3 * i] = plte.entries[4 * i];
                        colors[3 * i + 1] = plte.entries[4 * i + 1];
                        colors[3 * i + 2] = plte.entries[4 * i + 2];
                    }
                    palette = new Palette(colors);
                }
                return (header, raw, palette);
            }
        }
        finally
        {
            spng_ctx_free(ctx);
        }
    }

    // libspng stops reading once the image data is complete, so a file cut inside the last
    // chunks would decode; walking the chunk lengths up to IEND catches every truncation.
    static void CheckComplete(ReadOnlySpan<byte> data, string name)
    {
        long position = 8;
        while (true)
        {
            if (position + 12 > data.Length)
                throw new InvalidDataException($"{name}: truncated PNG (the file ends at byte {data.Length} before the IEND chunk)");
            uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.Slice((int) position, 4));
            bool end = data.Slice((int) position + 4, 4).SequenceEqual("IEND"u8);
            position += 12L + length;
            if (position > data.Length)
                throw new InvalidDataException($"{name}: truncated PNG (a chunk of {length} bytes runs past the end of the file)");
            if (end) return;
        }
    }

    static IntPtr NewDecoder()
    {
        var ctx = spng_ctx_new(0);
        if (ctx == IntPtr.Zero) throw new OutOfMemoryException("libspng could not create a decoder context");
        int err = spng_set_image_limits(ctx, ImageChecks.MaxSide, ImageChecks.MaxSide);
        if (err == 0) err = spng_set_chunk_limits(ctx, ChunkLimit, ChunkLimit);
        if (err != 0)
        {
            spng_ctx_free(ctx);
            throw new InvalidOperationException($"libspng refused the decoder limits: {ErrorMessage(err)}");
        }
        return ctx;
    }

    static PngHeader ToHeader(spng_ihdr ihdr) =>
        new((int) ihdr.width, (int) ihdr.height, ihdr.bit_depth, ihdr.color_type, ihdr.interlace_method != 0);

    static long RowBytes(PngHeader h) => ((long) h.Width * h.Channels * h.BitDepth + 7) / 8;

    // Depths 1, 2 and 4 pack several samples into a byte, most significant bits first.
    static byte[] Unpack(byte[] raw, PngHeader h, bool scaleGray = true)
    {
        int depth = h.BitDepth, perByte = 8 / depth, mask = (1 << depth) - 1;
        int scale = scaleGray && !h.HasPalette ? 255 / mask : 1;
        long rowBytes = RowBytes(h);
        var output = new byte[(long) h.Width * h.Height * h.Channels];
        int samplesPerRow = h.Width * h.Channels;
        for (int y = 0; y < h.Height; y++)
        {
            long row = y * rowBytes;
            for (int i = 0; i < samplesPerRow; i++)
            {
                int b = raw[row + i / perByte];
                int shift = 8 - depth * (i % perByte + 1);
                output[(long) y * samplesPerRow + i] = (byte) (((b >> shift) & mask) * scale);
            }
        }
        return output;
    }

    /// <summary>
    /// Encodes losslessly: one channel with a palette → colour type 3 (indices kept), otherwise
    /// gray, gray+alpha, RGB or RGBA at 8 bits.
    /// </summary>
    public static byte[] Encode(Image image)
    {
        if (image.Palette is { } palette)
        {
            int max = 0;
            foreach (var v in image.Pixels) max = Math.Max(max, v);
            if (max >= palette.Count)
                throw new ArgumentException($"index {max} is beyond the palette's {palette.Count} entries");
        }
        int colorType = image.HasPalette ? SPNG_COLOR_TYPE_INDEXED : image.Channels switch
        {
            1 => SPNG_COLOR_TYPE_GRAYSCALE,
            2 => SPNG_COLOR_TYPE_GRAYSCALE_ALPHA,
            3 => SPNG_COLOR_TYPE_TRUECOLOR,
            _ => SPNG_COLOR_TYPE_TRUECOLOR_ALPHA,
        };
        fixed (byte* pixels = image.Pixels)
            return EncodeRaw(image.Width, image.Height, 8, colorType, pixels, image.Pixels.Length, image.Palette);
    }

    public static byte[] Encode(Image16 image)
    {
        int colorType = image.Channels switch
        {
            1 => SPNG_COLOR_TYPE_GRAYSCALE,
            2 => SPNG_COLOR_TYPE_GRAYSCALE_ALPHA,
            3 => SPNG_COLOR_TYPE_TRUECOLOR,
            _ => SPNG_COLOR_TYPE_TRUECOLOR_ALPHA,
        };
        fixed (ushort* pixels = image.Pixels)
            return EncodeRaw(image.Width, image.Height, 16, colorType, (byte*) pixels, image.Pixels.Length * 2, null);
    }

    /// <summary>A label map as a palette PNG with VOC's colours (or the given palette).</summary>
    public static byte[] Encode(LabelMap labels, Palette? palette = null) => Encode(labels.ToImage(palette));

    public static void Write(string path, Image image) => AtomicFile.WriteAllBytes(path, Encode(image));
    public static void Write(string path, Image16 image) => AtomicFile.WriteAllBytes(path, Encode(image));
    public static void Write(string path, LabelMap labels, Palette? palette = null) => AtomicFile.WriteAllBytes(path, Encode(labels, palette));

    static byte[] EncodeRaw(int width, int height, int depth, int colorType, byte* pixels, long length, Palette? palette)
    {
        var ctx = spng_ctx_new(SPNG_CTX_ENCODER);
        if (ctx == IntPtr.Zero) throw new OutOfMemoryException("libspng could not create an encoder context");
        try
        {
            const string name = "PNG encoder";
            Check(spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1), name, "configuring");
            var ihdr = new spng_ihdr { width = (uint) width, height = (uint) height, bit_depth = (byte) depth, color_type = (byte) colorType };
            Check(spng_set_ihdr(ctx, ref ihdr), name, "setting the header of");
            if (palette is not null)
            {
                spng_plte plte;
                plte.n_entries = (uint) palette.Count;
                for (int i = 0; i < palette.Count; i++)
                {
                    plte.entries[4 * i] = palette.Colors[3 * i];
                    plte.entries[4 * i + 1] = palette.Colors[3 * i + 1];
                    plte.entries[4 * i + 2] = palette.Colors[3 * i + 2];
                    plte.entries[4 * i + 3] = 255;
                }
                Check(spng_set_plte(ctx, &plte), name, "setting the palette of");
            }
            Check(spng_encode_image(ctx, pixels, (nuint) length, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), name, "encoding");
            var buffer = spng_get_png_buffer(ctx, out var size, out int err);
            Check(err, name, "collecting the output of");
            if (buffer == IntPtr.Zero) throw new InvalidOperationException("libspng returned no PNG buffer");
            try
            {
                return new ReadOnlySpan<byte>((void*) buffer, checked((int) size)).ToArray();
            }
            finally
            {
                // The buffer comes from libspng's default allocator, malloc.
                NativeMemory.Free((void*) buffer);
            }
        }
        finally
        {
            spng_ctx_free(ctx);
        }
    }

    static void Check(int err, string name, string action)
    {
        if (err != 0) throw new InvalidDataException($"{name}: error {action} PNG: {ErrorMessage(err)}");
    }
}
