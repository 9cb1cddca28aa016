namespace Workbench.Engine;

/// <summary>
/// Checks a path a command will write, before the command does any work: a directory given where a
/// file goes would otherwise be found only at the end (the run's output lost), and an output that
/// is one of the command's inputs would be destroyed by the write.
/// </summary>
public static class OutputFile
{
    /// <param name="path">the file to be written.</param>
    /// <param name="what">what it is, for the message ("the label PNG (--out)").</param>
    /// <param name="inputs">files the command reads; the output may be none of them.</param>
    public static void Check(string path, string what, params string?[] inputs)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{what}: an empty path, expected a file to write");
        if (Directory.Exists(path)) throw new IOException($"{path}: is a directory, expected the file for {what}");
        var full = Path.GetFullPath(path);
        // A parent that is a file cannot hold it; found now rather than at the write.
        for (var folder = Path.GetDirectoryName(full); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder)) throw new IOException($"{path}: {folder} is a file, not a folder that can hold {what}");
            if (Directory.Exists(folder)) break;
        }
        foreach (var input in inputs)
            if (input is not null && SameFile(full, Path.GetFullPath(input)))
                throw new IOException($"{path}: is also an input of this command ({input}); {what} would overwrite it — choose another path");
    }

    /// <summary>Whether two outputs of one command are the same file (the second write would replace the first).</summary>
    public static void CheckDistinct(string first, string firstWhat, string second, string secondWhat)
    {
        if (SameFile(Path.GetFullPath(first), Path.GetFullPath(second)))
            throw new IOException($"{first}: named for both {firstWhat} and {secondWhat}; give them different paths");
    }

    // Same full path, or (through a link) the same existing file.
    static bool SameFile(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        if (!File.Exists(a) || !File.Exists(b)) return false;
        var ra = new FileInfo(a).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? a;
        var rb = new FileInfo(b).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? b;
        return string.Equals(ra, rb, StringComparison.Ordinal);
    }
}
