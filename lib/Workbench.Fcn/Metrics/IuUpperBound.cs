using Workbench.Vision.Imaging;

namespace Workbench.Fcn.Metrics;

/// <summary>How a coarse cell of the ground truth picks its one label.</summary>
public enum CoarseLabel
{
    /// <summary>The most frequent labelled class of the cell: the best single label for pixel accuracy.</summary>
    Majority,
    /// <summary>The label at the cell's centre (majority where that pixel is void): plain subsampling.</summary>
    Centre,
}

/// <summary>
/// Appendix A: the best mean IU any prediction at output stride f can reach. The ground truth is
/// down-sampled by f (each f×f cell gets one label) and up-sampled back by nearest neighbour, then
/// scored against itself. Labels are categories, so nothing is interpolated between them.
/// </summary>
public static class IuUpperBound
{
    /// <summary>The ground truth as a stride-<paramref name="f"/> prediction would hold it, at full size.</summary>
    public static byte[] Coarse(LabelMap truth, int f, int classes, CoarseLabel pick = CoarseLabel.Majority)
    {
        if (f < 1) throw new ArgumentOutOfRangeException(nameof(f), f, "the down-sampling factor must be at least 1");
        int w = truth.Width, h = truth.Height;
        var source = truth.Indices;
        var prediction = new byte[source.Length];
        var votes = new int[classes];
        for (int by = 0; by < h; by += f)
        for (int bx = 0; bx < w; bx += f)
        {
            int y1 = Math.Min(by + f, h), x1 = Math.Min(bx + f, w);
            Array.Clear(votes);
            for (int y = by; y < y1; y++)
                for (int x = bx; x < x1; x++)
                    if (source[y * w + x] < classes) votes[source[y * w + x]]++;
            // An all-void cell gets class 0; its pixels are void in the truth, so never scored.
            byte label = (byte) Array.IndexOf(votes, votes.Max());   // ties: the lower class
            if (pick == CoarseLabel.Centre)
            {
                byte centre = source[Math.Min(by + f / 2, h - 1) * w + Math.Min(bx + f / 2, w - 1)];
                if (centre < classes) label = centre;
            }
            for (int y = by; y < y1; y++)
                Array.Fill(prediction, label, y * w + bx, x1 - bx);
        }
        return prediction;
    }

    /// <summary>The four metrics of the coarse ground truth against the ground truth, over all maps.</summary>
    public static SegmentationMetrics Score(IEnumerable<LabelMap> truths, int f, int classes, CoarseLabel pick = CoarseLabel.Majority)
    {
        var counts = new long[classes, classes];
        foreach (var truth in truths)
        {
            var prediction = Coarse(truth, f, classes, pick);
            var t = truth.Indices;
            for (int i = 0; i < t.Length; i++)
                if (t[i] < classes) counts[t[i], prediction[i]]++;
        }
        var matrix = new ConfusionMatrix(classes);
        for (int a = 0; a < classes; a++)
            for (int b = 0; b < classes; b++)
                if (counts[a, b] > 0) matrix.Add(a, b, counts[a, b]);
        return matrix.Metrics();
    }
}
