using System.Text.Json;

namespace Workbench.Weights.Tests;

/// <summary>The committed weights fixtures (tests/fixtures/weights) and the values their generator recorded.</summary>
internal static class Fixtures
{
    public static readonly string Dir = TestRepo.Fixtures("weights");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static JsonElement Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("expected.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    public static IEnumerable<string> Names()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("expected.json")));
        return doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>Whether two tensors view one storage (PyTorch's is_alias_of).</summary>
    public static bool SameStorage(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) => Base(a) == Base(b);

    static IntPtr Base(TorchSharp.torch.Tensor t) => t.dtype switch
    {
        TorchSharp.torch.ScalarType.Float32 => t.storage<float>().data_ptr(),
        TorchSharp.torch.ScalarType.Float64 => t.storage<double>().data_ptr(),
        TorchSharp.torch.ScalarType.Int64 => t.storage<long>().data_ptr(),
        _ => throw new NotSupportedException($"storage of {t.dtype}"),
    };

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "wb-weights-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}
