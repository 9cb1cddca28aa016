using Workbench.Engine;

namespace Workbench.Engine.Tests;

public class ReadLimitsTests
{
    [Fact]
    public void The_variable_takes_bytes_or_binary_suffixes_and_refuses_anything_else()
    {
        Assert.Equal(ReadLimits.DefaultBytes, ReadLimits.Parse(null));
        Assert.Equal(ReadLimits.DefaultBytes, ReadLimits.Parse(" "));
        Assert.Equal(1048576, ReadLimits.Parse("1048576"));
        Assert.Equal(4L << 30, ReadLimits.Parse("4G"));
        Assert.Equal(512L << 20, ReadLimits.Parse("512MiB"));
        Assert.Equal(3L << 40, ReadLimits.Parse("3t"));
        foreach (var bad in new[] { "-1", "0", "1.5G", "lots", "99999999999T" })
            Assert.Contains("WORKBENCH_READ_LIMIT=" + bad, Assert.Throws<InvalidOperationException>(() => ReadLimits.Parse(bad)).Message);
    }

    [Fact]
    public void An_override_holds_for_its_own_flow_only_and_ends_with_its_scope()
    {
        long outside = ReadLimits.Bytes;
        using (ReadLimits.Override(1000))
        {
            Assert.Equal(1000, ReadLimits.Bytes);
            Assert.True(ReadLimits.Allows(1000));
            Assert.False(ReadLimits.Allows(1001));
            long other = 0;
            var thread = new Thread(() => other = ReadLimits.Bytes);
            thread.UnsafeStart();   // no execution context flows: the thread keeps the process's limit
            thread.Join();
            Assert.Equal(outside, other);
            Assert.Contains("read limit of 1000 bytes", ReadLimits.Hint);
        }
        Assert.Equal(outside, ReadLimits.Bytes);
    }

    [Fact]
    public void Products_saturate_instead_of_wrapping()
    {
        Assert.Equal(long.MaxValue, ReadLimits.Product(65536L * 65536, 65536L * 65536));
        Assert.Equal(0, ReadLimits.Product(long.MaxValue, 0));
        Assert.Equal(long.MaxValue, ReadLimits.Product(-1, 4));
        Assert.Equal(1L << 48, new long[] { 65536, 65536, 65536 }.Aggregate(1L, ReadLimits.Product));
    }

    [Fact]
    public void Sizes_are_printed_for_people()
    {
        Assert.Equal("1 GiB", ReadLimits.Format(1L << 30));
        Assert.Equal("1.5 GiB", ReadLimits.Format(3L << 29));
        Assert.Equal("320 MiB", ReadLimits.Format(320L << 20));
        Assert.Equal("100 bytes", ReadLimits.Format(100));
    }

    [Fact]
    public void Names_from_files_cannot_drive_a_terminal()
    {
        Assert.Equal("conv1.weight", Printable.Escape("conv1.weight"));
        Assert.Equal("\\x1b]0;pwned\\x07x", Printable.Escape("\u001b]0;pwned\u0007x"));
        Assert.Equal("a\\x1b[2Jb\\x0a\\x9b", Printable.Escape("a\u001b[2Jb\n\u009b"));
        Assert.Equal("evil\\u{202e}gpj.exe", Printable.Escape("evil\u202egpj.exe"));
        Assert.Equal("größe", Printable.Escape("größe"));
    }

    [Fact]
    public void A_directory_or_a_missing_path_is_named_as_what_it_is()
    {
        var dir = Directory.CreateTempSubdirectory("wb-input").FullName;
        try
        {
            Assert.Equal($"{dir}: is a directory, expected a file", Assert.Throws<IOException>(() => InputFile.ReadAllBytes(dir)).Message);
            var missing = Path.Combine(dir, "missing.bin");
            Assert.Contains("no such file", Assert.Throws<FileNotFoundException>(() => InputFile.Open(missing)).Message);
            File.WriteAllBytes(Path.Combine(dir, "a"), [1, 2, 3]);
            Assert.Equal(new byte[] { 1, 2, 3 }, InputFile.ReadAllBytes(Path.Combine(dir, "a")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
