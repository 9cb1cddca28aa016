namespace Workbench.Engine;

/// <summary>
/// Opens files the readers take from users. .NET reports a directory passed as a file as "access
/// denied" (even to root) and a missing file with its own wording; these say what the path is.
/// </summary>
public static class InputFile
{
    public static FileStream Open(string path)
    {
        Check(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    /// <summary>The whole file, refused with a message when it is larger than one .NET array holds.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var f = Open(path);
        if (f.Length > Array.MaxLength)
            throw new IOException($"{path}: {f.Length} bytes is more than this reader holds in memory ({Array.MaxLength} bytes)");
        var data = GC.AllocateUninitializedArray<byte>((int) f.Length);
        f.ReadExactly(data);
        return data;
    }

    public static void Check(string path)
    {
        if (Directory.Exists(path)) throw new IOException($"{path}: is a directory, expected a file");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
    }
}
