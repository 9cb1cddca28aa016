namespace Workbench.Weights;

/// <summary>
/// A weights file that cannot be read: truncated, corrupt, or holding something this reader does not
/// handle. The message names the file, the entry (when one is concerned) and what was expected.
/// An <see cref="IOException"/>, like the <see cref="InvalidDataException"/> of other corrupt data.
/// </summary>
public sealed class WeightsFormatException : IOException
{
    public string FilePath { get; }
    public string? Entry { get; }

    public WeightsFormatException(string filePath, string? entry, string message, Exception? inner = null)
        : base(Compose(filePath, entry, message), inner)
    {
        FilePath = filePath;
        Entry = entry;
    }

    // Entry names come from the file: escaped, so a crafted name cannot drive the terminal that prints it.
    static string Compose(string path, string? entry, string message) =>
        entry is null ? $"{path}: {message}" : $"{path}: entry '{Engine.Printable.Escape(Shorten(entry))}': {message}";

    static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + $"… ({s.Length} characters)";
}
