using System.Security.Cryptography;

namespace Workbench.Vision.Downloads;

/// <summary>An expected digest of a file: SHA-256 (preferred) or MD5 (what some dataset pages publish).</summary>
public sealed record Checksum(string Algorithm, string Hex)
{
    public static Checksum Sha256(string hex) => new("sha256", Normalize(hex, 64));
    public static Checksum Md5(string hex) => new("md5", Normalize(hex, 32));

    static string Normalize(string hex, int length)
    {
        hex = hex.Trim().ToLowerInvariant();
        if (hex.Length != length || !hex.All(Uri.IsHexDigit))
            throw new ArgumentException($"'{hex}' is not a {length}-digit hexadecimal digest");
        return hex;
    }

    /// <summary>The digest of a file, streamed.</summary>
    public string Compute(string path)
    {
        using var stream = File.OpenRead(path);
        using HashAlgorithm h = Algorithm == "md5" ? MD5.Create() : SHA256.Create();
        return Convert.ToHexString(h.ComputeHash(stream)).ToLowerInvariant();
    }

    public bool Matches(string path) => Compute(path) == Hex;

    public override string ToString() => $"{Algorithm}:{Hex}";
}
