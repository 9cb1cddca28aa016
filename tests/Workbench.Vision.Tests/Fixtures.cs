using System.Security.Cryptography;
using System.Text.Json;

namespace Workbench.Vision.Tests;

// The committed fixtures of tests/fixtures/vision (made by make_fixtures.py) and their expected values.
internal static class Fixtures
{
    static readonly Lazy<string> root = new(() => TestRepo.Fixtures("vision"));

    static readonly Lazy<JsonElement> expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(root.Value, "expected.json"))).RootElement);

    internal static string Dir => root.Value;
    internal static JsonElement Expected => expected.Value;
    internal static string PathOf(string relative) => Path.Combine(root.Value, relative);

    internal static JsonElement Image(string file) =>
        Expected.GetProperty("images").EnumerateArray().Single(e => e.GetProperty("file").GetString() == "images/" + file);

    internal static IEnumerable<JsonElement> Images => Expected.GetProperty("images").EnumerateArray();

    internal static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static string TempPath(string name) =>
        Path.Combine(Path.GetTempPath(), $"wb-vision-{Environment.ProcessId}-{Guid.NewGuid():N}-{name}");
}
