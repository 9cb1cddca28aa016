namespace Workbench.Vision.Datasets.Real;

/// <summary>Opens a real dataset by name from the directory `workbench data fetch` unpacked it into (or from its own root).</summary>
public static class DatasetLayouts
{
    public static readonly string[] Names = { "voc2012", "voc2011", "sbd", "nyud", "siftflow", "pascal-context" };

    public static string DefaultSplit(string name) => name switch
    {
        "voc2012" or "voc2011" => "seg11valid",
        "sbd" => "train",
        "nyud" => "test",
        "siftflow" => "test",
        "pascal-context" => "val",
        _ => throw new ArgumentException($"unknown dataset '{name}' (known: {string.Join(", ", Names)})"),
    };

    public static FileDataset Open(string name, string root, string? split = null, IEnumerable<string>? inputs = null)
    {
        split ??= DefaultSplit(name);
        // Accept both the fetch directory and the layout root itself.
        string Under(string relative)
        {
            foreach (var candidate in new[] { Path.Combine(root, relative), Path.Combine(root, Path.GetFileName(relative)) })
                if (Directory.Exists(candidate)) return candidate;
            return root;
        }
        return name switch
        {
            "voc2012" => new PascalVoc(Under(Path.Combine("VOCdevkit", "VOC2012")), split),
            "voc2011" => new PascalVoc(Under(Path.Combine("TrainVal", "VOCdevkit", "VOC2011")), split),
            "sbd" => new Sbd(Under(Path.Combine("benchmark_RELEASE", "dataset")), split),
            "nyud" => new Nyud(Under("nyud"), split, inputs ?? new[] { InputKind.Color, InputKind.Depth, InputKind.Hha }),
            "siftflow" => new SiftFlow(Under("SiftFlowDataset"), split),
            "pascal-context" => new PascalContext(Under(Path.Combine("VOCdevkit", "VOC2010")), root, split),
            _ => throw new ArgumentException($"unknown dataset '{name}' (known: {string.Join(", ", Names)})"),
        };
    }
}

/// <summary>What a layout check found: items, missing files, unreadable items and the class histograms.</summary>
public sealed class LayoutReport
{
    public required string Dataset { get; init; }
    public required int Items { get; init; }
    public required int Checked { get; init; }
    public required List<string> MissingFiles { get; init; }
    public required List<string> Errors { get; init; }
    public required Dictionary<string, long[]> Histograms { get; init; }
    public bool Ok => MissingFiles.Count == 0 && Errors.Count == 0;

    /// <summary>
    /// Checks that every file of every item exists, then loads up to <paramref name="limit"/> items
    /// (all by default) and counts pixels per class.
    /// </summary>
    public static LayoutReport Check(FileDataset set, int? limit = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        foreach (var id in set.Ids)
            foreach (var file in set.FilesOf(id))
                if (!File.Exists(file)) missing.Add(file);

        var histograms = set.Tasks.ToDictionary(t => t.Name, t => new long[t.ClassCount + 1]);
        var errors = new List<string>();
        int n = Math.Min(set.Count, limit ?? int.MaxValue), done = 0;
        var missingSet = missing.ToHashSet();
        for (int i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = set.Ids[i];
            if (set.FilesOf(id).Any(missingSet.Contains)) continue;
            try
            {
                var s = set.Load(id);
                foreach (var task in set.Tasks)
                {
                    var h = s.Labels[task.Name].ClassHistogram(task.ClassCount);
                    for (int c = 0; c < h.Length; c++) histograms[task.Name][c] += h[c];
                }
                done++;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or KeyNotFoundException or NotSupportedException)
            {
                errors.Add(e.Message);
            }
            progress?.Report(i + 1);
        }
        return new LayoutReport { Dataset = set.Name, Items = set.Count, Checked = done, MissingFiles = missing, Errors = errors, Histograms = histograms };
    }
}
