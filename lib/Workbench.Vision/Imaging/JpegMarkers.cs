using System.Buffers.Binary;

namespace Workbench.Vision.Imaging;

/// <summary>
/// What a JPEG's marker segments say before a byte is decoded: the frame type (SOF0…SOF15), its
/// components, how many scans follow, and whether an Adobe APP14 segment is there. libturbojpeg 2.x
/// reports only size, subsampling and colour space; the readers need the rest to bound what a
/// decode will take. A walk that finds nothing it understands returns what it has: the decoder
/// then reports the damage.
/// </summary>
internal readonly record struct JpegMarkers(int FrameType, int Components, int Scans, bool Adobe)
{
    /// <summary>SOF2, SOF6, SOF10, SOF14: libjpeg holds every coefficient of the image while decoding.</summary>
    public bool Progressive => FrameType is 0xC2 or 0xC6 or 0xCA or 0xCE;

    /// <summary>SOF9…SOF15 but DAC: arithmetic coding, which can spend less than a bit on a block.</summary>
    public bool Arithmetic => FrameType is >= 0xC9 and <= 0xCF and not 0xCC;

    public static JpegMarkers Scan(ReadOnlySpan<byte> data)
    {
        int frame = 0, components = 0, scans = 0;
        bool adobe = false;
        int at = 2;   // after SOI
        while (at + 4 <= data.Length)
        {
            if (data[at] != 0xFF) break;
            int marker = data[at + 1];
            if (marker == 0xFF) { at++; continue; }   // fill bytes
            if (marker == 0xD9) break;                 // EOI
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8)) { at += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(at + 2, 2));
            if (length < 2 || at + 2 + length > data.Length) break;
            var body = data.Slice(at + 4, length - 2);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && frame == 0)
            {
                frame = marker;
                components = body.Length >= 6 ? body[5] : 0;
            }
            else if (marker == 0xEE && body.StartsWith("Adobe"u8)) adobe = true;
            at += 2 + length;
            if (marker == 0xDA)
            {
                scans++;
                // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
                while (true)
                {
                    int next = data[at..].IndexOf((byte) 0xFF);   // vectorized: the scan is most of the file
                    if (next < 0 || at + next + 1 >= data.Length) return new JpegMarkers(frame, components, scans, adobe);
                    at += next;
                    if (data[at + 1] is not 0x00 and not (>= 0xD0 and <= 0xD7)) break;
                    at += 2;
                }
            }
        }
        return new JpegMarkers(frame, components, scans, adobe);
    }
}
