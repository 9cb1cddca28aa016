using Workbench.Engine;
using System.Text;

namespace Workbench.Vision.Mat;

/// <summary>
/// A MATLAB v5 MAT-file (what `save` writes by default up to -v7, and scipy.io.savemat writes):
/// compressed or not, either byte order. v7.3 files are HDF5 and are refused with a clear error.
/// </summary>
public sealed class MatFile
{
    readonly Dictionary<string, MatArray> byName;

    MatFile(string source, string headerText, bool bigEndian, IReadOnlyList<MatArray> variables)
    {
        Source = source;
        HeaderText = headerText;
        IsBigEndian = bigEndian;
        Variables = variables;
        byName = new Dictionary<string, MatArray>();
        foreach (var v in variables) byName.TryAdd(v.Name, v);
    }

    public string Source { get; }

    /// <summary>The 116-byte descriptive text, e.g. "MATLAB 5.0 MAT-file, Platform: …".</summary>
    public string HeaderText { get; }

    public bool IsBigEndian { get; }

    /// <summary>The variables in file order.</summary>
    public IReadOnlyList<MatArray> Variables { get; }

    public IEnumerable<string> Names => Variables.Select(v => v.Name);

    public bool Contains(string name) => byName.ContainsKey(name);

    public MatArray this[string name] => byName.TryGetValue(name, out var v)
        ? v
        : throw new KeyNotFoundException($"{Source}: no variable '{name}' (variables: {string.Join(", ", Names)})");

    public static MatFile Read(string path) => Parse(InputFile.ReadAllBytes(path), path);

    public static MatFile Parse(byte[] data, string? source = null)
    {
        source = string.IsNullOrEmpty(source) ? "in-memory buffer" : source;
        var (text, bigEndian) = ReadHeader(data, source);
        var variables = new MatReader(data, source, bigEndian).ReadVariables();
        return new MatFile(source, text, bigEndian, variables);
    }

    static readonly byte[] Hdf5Signature = [0x89, (byte) 'H', (byte) 'D', (byte) 'F', 0x0D, 0x0A, 0x1A, 0x0A];

    static (string text, bool bigEndian) ReadHeader(byte[] data, string source)
    {
        bool hdf5 = data.AsSpan().StartsWith(Hdf5Signature)
                    || (data.Length >= 520 && data.AsSpan(512, 8).SequenceEqual(Hdf5Signature));
        if (data.Length >= 10 && Encoding.ASCII.GetString(data, 0, 10) == "MATLAB 7.3" || hdf5)
            throw new NotSupportedException(
                $"{source}: a MATLAB v7.3 MAT-file (HDF5); this reader handles v5 files (save -v7 or -v6, scipy.io.savemat)");
        if (data.Length < 128)
            throw new InvalidDataException($"{source}: {data.Length} bytes, too short for a MAT-file's 128-byte header");
        bool bigEndian = (data[126], data[127]) switch
        {
            ((byte) 'I', (byte) 'M') => false,
            ((byte) 'M', (byte) 'I') => true,
            _ => throw new InvalidDataException(
                $"{source}: not a MATLAB v5 MAT-file (no 'IM'/'MI' endian mark at byte 126; a v4 file or another format)"),
        };
        var text = Encoding.ASCII.GetString(data, 0, 116).TrimEnd(' ', '\0');
        return (text, bigEndian);
    }
}
