using Workbench.Engine;

namespace Workbench.Engine.Tests;

public class AtomicFileTests
{
    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporary()
    {
        var dir = Directory.CreateTempSubdirectory("atomic").FullName;
        try
        {
            var path = Path.Combine(dir, "a.bin");
            AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
            {
                s.Write(new byte[] { 9, 9 });
                throw new InvalidOperationException("disk full, say");
            }));
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
            Assert.Equal(new[] { "a.bin" }, Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ADirectoryIsNotOverwritten()
    {
        var dir = Directory.CreateTempSubdirectory("atomic").FullName;
        try
        {
            var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(dir, "x"));
            Assert.Contains("is a directory", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
