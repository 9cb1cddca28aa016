using System.Net;
using System.Net.Http.Headers;

namespace Workbench.Vision.Downloads;

/// <summary>
/// Resumable HTTP downloads: bytes go to NAME.part; an interrupted transfer continues with an HTTP
/// Range request (from scratch if the server ignores ranges); the file is checked against its
/// digest before it is renamed to NAME, so a complete, verified file is the only thing that ever
/// carries the final name.
/// </summary>
public sealed class Downloader
{
    static readonly HttpClient SharedClient = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    readonly HttpClient client;

    public Downloader(HttpClient? client = null) => this.client = client ?? SharedClient;

    /// <summary>Network failures retried, each attempt resuming where the last stopped.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>How long a read may stall before the attempt counts as failed.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destination"/> unless a file with the
    /// expected digest is already there. Throws <see cref="InvalidDataException"/> on a digest
    /// mismatch (the bad part is removed) and <see cref="IOException"/> when every retry failed
    /// (the part stays, for the next call to resume).
    /// </summary>
    public async Task<string> FetchAsync(Uri url, string destination, Checksum? expected = null,
                                         IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        if (File.Exists(destination) && (expected is null || expected.Matches(destination))) return destination;

        var part = destination + ".part";
        Exception? last = null;
        for (int attempt = 0; attempt <= Retries; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await TransferAsync(url, part, name, progress, cancellationToken);
                last = null;
                break;
            }
            catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e;
            }
        }
        if (last is not null)
            throw new IOException($"{url}: download failed after {Retries + 1} attempts ({last.Message}); {part} keeps what arrived, run again to resume", last);

        if (expected is not null)
        {
            var actual = expected.Compute(part);
            if (actual != expected.Hex)
            {
                File.Delete(part);
                throw new InvalidDataException($"{destination}: {expected.Algorithm} is {actual}, expected {expected.Hex} — the download is corrupt or the file changed upstream; it was removed");
            }
        }
        File.Move(part, destination, overwrite: true);
        return destination;
    }

    async Task TransferAsync(Uri url, string part, string name, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        if (have > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Nothing left to fetch: the part is already whole (the digest check decides).
            progress?.Report(new DownloadProgress(name, have, have, true));
            return;
        }
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url}: HTTP {(int) response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);

        bool resumed = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (!resumed) have = 0; // the server sent the whole file
        long? total = response.Content.Headers.ContentLength is { } n ? n + have : null;

        await using var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        long done = have;
        progress?.Report(new DownloadProgress(name, done, total, resumed));
        while (true)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(StallTimeout);
            int read = await input.ReadAsync(buffer, stall.Token);
            if (read == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            done += read;
            progress?.Report(new DownloadProgress(name, done, total, resumed));
        }
        if (total is { } t && done != t)
            throw new IOException($"{url}: connection closed after {done} of {t} bytes");
    }
}
