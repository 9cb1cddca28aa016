namespace Workbench.Weights;

/// <summary>
/// A zip record's decompressed bytes as a stream of the length the directory declares (checked to be
/// plausible first), so the unpickler reads data.pkl as it inflates instead of buffering it whole: a
/// deflated megabyte of DUP opcodes is refused after the few it takes to exceed the budget, not
/// after a gigabyte has been inflated into memory. A record shorter than declared reads as truncated.
/// </summary>
internal sealed class EntryStream(Stream inner, long length) : Stream
{
    readonly BufferedStream buffered = new(inner, 1 << 16);
    long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("a zip record is read in order");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = buffered.Read(buffer[..(int) Math.Min(buffer.Length, length - position)]);
        position += n;
        return n;
    }

    public override int ReadByte()
    {
        if (position >= length) return -1;
        int b = buffered.ReadByte();
        if (b >= 0) position++;
        return b;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) buffered.Dispose();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
