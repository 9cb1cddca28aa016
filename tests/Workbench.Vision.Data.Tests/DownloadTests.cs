using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Workbench.Vision.Downloads;

namespace Workbench.Vision.Data.Tests;

/// <summary>The download path against a small archive served on 127.0.0.1 by an HttpListener.</summary>
public sealed class DownloadTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-download-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Serves one body; honours Range; can cut the first N responses after half the bytes.</summary>
    sealed class Server : IDisposable
    {
        readonly HttpListener listener = new();
        readonly byte[] body;
        int cutsLeft;
        readonly bool honourRange;
        public readonly List<string?> Ranges = new();
        public int Status = 200;
        public Uri Url { get; }

        public Server(byte[] body, int cuts = 0, bool honourRange = true)
        {
            this.body = body;
            cutsLeft = cuts;
            this.honourRange = honourRange;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint) probe.LocalEndpoint).Port;
            probe.Stop();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            Url = new Uri($"http://127.0.0.1:{port}/data/archive.tar.gz");
            _ = Task.Run(Loop);
        }

        async Task Loop()
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await listener.GetContextAsync(); }
                catch { return; }
                var range = ctx.Request.Headers["Range"];
                lock (Ranges) Ranges.Add(range);
                var response = ctx.Response;
                if (Status != 200)
                {
                    response.StatusCode = Status;
                    response.Close();
                    continue;
                }
                int start = 0;
                if (honourRange && range is not null && range.StartsWith("bytes=") && range.EndsWith("-"))
                {
                    start = int.Parse(range[6..^1]);
                    if (start >= body.Length) { response.StatusCode = 416; response.Close(); continue; }
                    response.StatusCode = 206;
                    response.Headers["Content-Range"] = $"bytes {start}-{body.Length - 1}/{body.Length}";
                }
                int length = body.Length - start;
                response.ContentLength64 = length;
                try
                {
                    if (Interlocked.Decrement(ref cutsLeft) >= 0)
                    {
                        await response.OutputStream.WriteAsync(body.AsMemory(start, length / 2));
                        await response.OutputStream.FlushAsync();
                        await Task.Delay(50);
                        response.Abort(); // the connection drops mid-transfer
                        continue;
                    }
                    await response.OutputStream.WriteAsync(body.AsMemory(start, length));
                    response.Close();
                }
                catch (HttpListenerException) { }
                catch (ObjectDisposedException) { }
            }
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
        }
    }

    byte[] MakeArchive()
    {
        var src = Path.Combine(dir, "src", "tiny");
        Directory.CreateDirectory(Path.Combine(src, "cls"));
        var rng = new Random(3);
        var payload = new byte[200_000];
        rng.NextBytes(payload); // incompressible, so the archive is large enough to cut in half
        File.WriteAllBytes(Path.Combine(src, "cls", "a.bin"), payload);
        File.WriteAllText(Path.Combine(src, "train.txt"), "a\n");
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            TarFile.CreateFromDirectory(Path.Combine(dir, "src"), gz, includeBaseDirectory: false);
        return ms.ToArray();
    }

    static Checksum Sha(byte[] body) => Checksum.Sha256(Convert.ToHexString(SHA256.HashData(body)));

    [Fact]
    public async Task A_cut_connection_resumes_with_a_range_request_and_the_archive_unpacks()
    {
        var body = MakeArchive();
        using var server = new Server(body, cuts: 1);
        var target = Path.Combine(dir, "dl", "archive.tar.gz");
        var once = new Downloader { Retries = 0 };

        var cut = await Assert.ThrowsAsync<IOException>(() => once.FetchAsync(server.Url, target, Sha(body)));
        Assert.Contains("resume", cut.Message);
        Assert.False(File.Exists(target));
        long partial = new FileInfo(target + ".part").Length;
        Assert.InRange(partial, 1, body.Length - 1);

        var reports = new List<DownloadProgress>();
        await once.FetchAsync(server.Url, target, Sha(body), new SyncProgress<DownloadProgress>(reports.Add));
        Assert.Equal(body, File.ReadAllBytes(target));
        Assert.False(File.Exists(target + ".part"));
        Assert.Equal(new string?[] { null, $"bytes={partial}-" }, server.Ranges);
        Assert.True(reports.All(r => r.Resumed));
        Assert.Equal(body.Length, reports[^1].Bytes);
        Assert.Equal(body.Length, reports[^1].Total);

        Archives.Unpack(target, Path.Combine(dir, "out"));
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(dir, "out", "tiny", "train.txt")));
        Assert.Equal(200_000, new FileInfo(Path.Combine(dir, "out", "tiny", "cls", "a.bin")).Length);

        // A verified file already in place is not fetched again.
        await once.FetchAsync(server.Url, target, Sha(body));
        Assert.Equal(2, server.Ranges.Count);
    }

    [Fact]
    public async Task Retries_resume_within_one_call()
    {
        var body = MakeArchive();
        using var server = new Server(body, cuts: 2);
        var target = Path.Combine(dir, "archive.tar.gz");
        await new Downloader { Retries = 3 }.FetchAsync(server.Url, target, Sha(body));
        Assert.Equal(body, File.ReadAllBytes(target));
        Assert.Equal(3, server.Ranges.Count);
        Assert.Null(server.Ranges[0]);
        Assert.All(server.Ranges.Skip(1), r => Assert.StartsWith("bytes=", r));
    }

    [Fact]
    public async Task A_server_that_ignores_ranges_restarts_the_file()
    {
        var body = MakeArchive();
        using var server = new Server(body, cuts: 1, honourRange: false);
        var target = Path.Combine(dir, "archive.tar.gz");
        await new Downloader { Retries = 1 }.FetchAsync(server.Url, target, Sha(body));
        Assert.Equal(body, File.ReadAllBytes(target));
    }

    [Fact]
    public async Task A_checksum_mismatch_is_detected_and_nothing_is_kept()
    {
        var body = MakeArchive();
        using var server = new Server(body);
        var target = Path.Combine(dir, "archive.tar.gz");
        var wrong = Checksum.Sha256(new string('0', 64));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new Downloader().FetchAsync(server.Url, target, wrong));
        Assert.Contains("archive.tar.gz", e.Message);
        Assert.Contains(Sha(body).Hex, e.Message);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".part"));
        Assert.True(Checksum.Md5(Convert.ToHexString(MD5.HashData(body))).Matches(
            await new Downloader().FetchAsync(server.Url, target, Checksum.Md5(Convert.ToHexString(MD5.HashData(body))))));
    }

    [Fact]
    public async Task Http_errors_and_corrupt_archives_are_named()
    {
        using var server = new Server(new byte[10]) { Status = 404 };
        var e = await Assert.ThrowsAsync<IOException>(() => new Downloader { Retries = 1 }.FetchAsync(server.Url, Path.Combine(dir, "x.tar.gz")));
        Assert.Contains("404", e.Message);

        var bad = Path.Combine(dir, "bad.tar.gz");
        File.WriteAllBytes(bad, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3 });
        var u = Assert.ThrowsAny<Exception>(() => Archives.Unpack(bad, Path.Combine(dir, "bad")));
        Assert.True(u is InvalidDataException or IOException, u.GetType().Name);
        Assert.Contains("bad.tar.gz", u.Message);
        Assert.Throws<ArgumentException>(() => Checksum.Sha256("abc"));
        Assert.Throws<ArgumentException>(() => DatasetSources.Find("imagenet"));
    }

    [Fact]
    public void The_manifest_names_every_dataset_of_the_paper_and_pins_only_known_digests()
    {
        Assert.Equal(new[] { "voc2012", "voc2011", "sbd", "nyud", "siftflow", "pascal-context", "vgg16", "caffenet", "googlenet", "fcn8s" }, DatasetSources.All.Select(s => s.Name));
        foreach (var f in DatasetSources.All.SelectMany(s => s.Files))
        {
            Assert.StartsWith("http", f.Url);
            Assert.False(string.IsNullOrWhiteSpace(f.Note));
            if (f.Checksum is null) Assert.Contains("no published digest", f.Note);
        }
    }

    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
