using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Workbench.Engine;
using Workbench.Fcn.Models;
using Workbench.Vision.Imaging;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Table 3: a net's predictions on PASCAL VOC test, in the layout the evaluation server
/// (host.robots.ox.ac.uk) accepts — results/VOC{year}/Segmentation/{competition}_test_cls/ID.png,
/// palette PNGs with VOC's colours whose indices are the classes — and the tar.gz of that tree to
/// upload. The test labels are not public, so the server computes the mean IU; what is measured
/// here is the inference time per image, Table 3's other column.
/// </summary>
public static class PascalSubmission
{
    /// <summary>
    /// comp6 is VOC's "trained on any data" segmentation competition, where the paper's entry stands:
    /// it trained on SBD's extra annotations. comp5 is for nets trained on VOC's own data only.
    /// </summary>
    public static readonly IReadOnlyList<string> Competitions = new[] { "comp5", "comp6" };

    public sealed record Summary(string Folder, string Archive, int Predicted, int Resumed, IReadOnlyList<double> ForwardMs)
    {
        public double MeanForwardMs => ForwardMs.Count == 0 ? double.NaN : ForwardMs.Average();

        public double MedianForwardMs
        {
            get
            {
                if (ForwardMs.Count == 0) return double.NaN;
                var sorted = ForwardMs.Order().ToArray();
                int n = sorted.Length;
                return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            }
        }

        public override string ToString() =>
            $"{Predicted} predicted, {Resumed} already there; {Folder}; archive {Archive}" +
            (ForwardMs.Count > 0 ? $"; forward {MeanForwardMs:0} ms per image on average (median {MedianForwardMs:0})" : "");
    }

    /// <summary>The folder the server reads the predictions from, under <paramref name="outDir"/>.</summary>
    public static string Folder(string outDir, int year, string competition) =>
        Path.Combine(outDir, "results", $"VOC{CheckYear(year)}", "Segmentation", $"{CheckCompetition(competition)}_test_cls");

    /// <summary>The archive to upload, beside the results tree.</summary>
    public static string ArchivePath(string outDir, int year, string competition) =>
        Path.Combine(outDir, $"{CheckCompetition(competition)}-VOC{CheckYear(year)}-test.tar.gz");

    /// <summary>The year of a VOCdevkit folder named VOC2011 or VOC2012 (the distributed names), else null.</summary>
    public static int? YearOf(string vocRoot)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(vocRoot)));
        return name is "VOC2011" ? 2011 : name is "VOC2012" ? 2012 : null;
    }

    /// <summary>The record of which net wrote a results tree, beside it.</summary>
    public static string RecordPath(string outDir, int year, string competition) => Path.ChangeExtension(ArchivePath(outDir, year, competition), null) + ".source";

    /// <summary>
    /// Predicts every id (<paramref name="input"/> gives its preprocessed [C, H, W] image on the
    /// net's device) and writes its label PNG, each atomically. <paramref name="source"/> names the
    /// net (its weights' hash, its precision) and is recorded beside the tree: a tree written by the
    /// same source resumes, keeping each PNG already there at the image's size; a tree of another
    /// source is an error unless <paramref name="replace"/> (a notebook's own output from its last
    /// run), so predictions of two nets are never mixed in one submission. Then writes the archive.
    /// </summary>
    public static Summary Write(FcnModel net, IReadOnlyList<string> ids, Func<int, Tensor> input, string outDir, int year,
                                string source, string competition = "comp6", bool replace = false, Action<int, int>? progress = null)
    {
        var folder = Folder(outDir, year, competition);
        foreach (var id in ids)
            if (id.Length == 0 || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || id is "." or "..")
                throw new ArgumentException($"'{id}' is not an image id the server accepts as a file name");
        if (ids.Distinct().Count() != ids.Count) throw new ArgumentException("the id list names an image twice");
        var record = RecordPath(outDir, year, competition);
        string? recorded = File.Exists(record) ? File.ReadAllText(record).Trim() : null;
        bool holdsPngs = Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.png").Any();
        bool resume = recorded == source;
        if (!resume && (recorded is not null || holdsPngs) && !replace)
            throw new InvalidOperationException($"{folder} holds the predictions of {recorded ?? "a net that wrote no record"}, not of {source}: " +
                                                "give another output directory, or remove that one");
        Directory.CreateDirectory(folder);
        var wanted = ids.ToHashSet();
        if (replace && !resume)
            foreach (var stale in Directory.EnumerateFiles(folder, "*.png").Where(f => !wanted.Contains(Path.GetFileNameWithoutExtension(f))).ToList())
                File.Delete(stale);   // the last run's images that this run does not have: only this run's may be uploaded
        AtomicFile.WriteAllText(record, source + "\n");
        var forward = new List<double>();
        int resumed = 0;
        for (int i = 0; i < ids.Count; i++)
        {
            using var scope = NewDisposeScope();
            var image = input(i);
            int height = (int) image.shape[1], width = (int) image.shape[2];
            var path = Path.Combine(folder, ids[i] + ".png");
            if (resume && AlreadyWritten(path, width, height))
                resumed++;
            else
            {
                var watch = Stopwatch.StartNew();
                var (labels, _) = Inference.Predict(net, image);
                var bytes = labels.to(ScalarType.Byte).cpu().data<byte>().ToArray();   // the copy waits for the device
                forward.Add(watch.Elapsed.TotalMilliseconds);
                Png.Write(path, new LabelMap(width, height, bytes));
            }
            progress?.Invoke(i + 1, ids.Count);
        }
        var archive = ArchivePath(outDir, year, competition);
        WriteArchive(archive, outDir, ids.Select(id => Path.Combine(folder, id + ".png")));
        return new Summary(folder, archive, ids.Count - resumed, resumed, forward);
    }

    static bool AlreadyWritten(string path, int width, int height)
    {
        if (!File.Exists(path)) return false;
        try
        {
            // Decoded whole, not only the header: a run killed mid-write by something other than
            // this writer (a copy, a full disk) leaves a file whose header is whole.
            if (!Png.ReadHeader(path).HasPalette) return false;
            var labels = Png.ReadLabels(path);
            return labels.Width == width && labels.Height == height;
        }
        catch (InvalidDataException)
        {
            return false;   // a torn or foreign file: predicted again and replaced
        }
    }

    // Entries are named relative to outDir, so the archive unpacks to results/VOC{year}/… as the server expects.
    static void WriteArchive(string archive, string outDir, IEnumerable<string> files) =>
        AtomicFile.Write(archive, stream =>
        {
            using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
            foreach (var file in files)
                tar.WriteEntry(file, Path.GetRelativePath(outDir, file).Replace(Path.DirectorySeparatorChar, '/'));
        });

    static int CheckYear(int year) =>
        year is 2011 or 2012 ? year : throw new ArgumentOutOfRangeException(nameof(year), $"the paper's test sets are VOC 2011 and 2012, not {year}");

    static string CheckCompetition(string competition) =>
        Competitions.Contains(competition) ? competition
            : throw new ArgumentException($"competition '{competition}' is not one of {string.Join(", ", Competitions)}", nameof(competition));
}
