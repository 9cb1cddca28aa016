namespace Workbench.Vision.Imaging;

// Codec errors are InvalidDataExceptions whose message starts with the file name, or
// "in-memory buffer" when the bytes came from memory.
internal static class ImageErrors
{
    internal static string Source(string? source) => string.IsNullOrEmpty(source) ? "in-memory buffer" : source;
}
