using System.Formats.Tar;
using System.IO.Compression;

namespace Workbench.Vision.Downloads;

/// <summary>Unpacks .tar, .tar.gz/.tgz and .zip archives (entries may not escape the target directory).</summary>
public static class Archives
{
    public static void Unpack(string archive, string directory)
    {
        if (!File.Exists(archive)) throw new FileNotFoundException($"{archive}: archive not found", archive);
        Directory.CreateDirectory(directory);
        var lower = archive.ToLowerInvariant();
        try
        {
            if (lower.EndsWith(".zip"))
            {
                ZipFile.ExtractToDirectory(archive, directory, overwriteFiles: true);
            }
            else if (lower.EndsWith(".tar.gz") || lower.EndsWith(".tgz"))
            {
                using var file = File.OpenRead(archive);
                using var gz = new GZipStream(file, CompressionMode.Decompress);
                TarFile.ExtractToDirectory(gz, directory, overwriteFiles: true);
            }
            else if (lower.EndsWith(".tar"))
            {
                TarFile.ExtractToDirectory(archive, directory, overwriteFiles: true);
            }
            else throw new NotSupportedException($"{archive}: unknown archive type (expected .tar, .tar.gz, .tgz or .zip)");
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{archive}: corrupt archive ({e.Message})", e);
        }
    }

    public static bool IsArchive(string fileName)
    {
        var lower = fileName.ToLowerInvariant();
        return lower.EndsWith(".zip") || lower.EndsWith(".tar") || lower.EndsWith(".tar.gz") || lower.EndsWith(".tgz");
    }
}
