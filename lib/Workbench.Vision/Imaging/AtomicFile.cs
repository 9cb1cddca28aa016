namespace Workbench.Vision.Imaging;

// A write lands under a temporary name and is renamed, so a crash never leaves half a file.
internal static class AtomicFile
{
    internal static void WriteAllBytes(string path, byte[] bytes)
    {
        var temporary = path + ".tmp" + Environment.ProcessId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
