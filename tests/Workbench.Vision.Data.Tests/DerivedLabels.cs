using Workbench.Vision.Datasets;

namespace Workbench.Vision.Data.Tests;

/// <summary>
/// The synthetic sets with a second labelling (SIFT Flow's geometric classes, the Fashion scenes' kinds) derive it
/// pixel by pixel from the semantic one; one check walks every sample of a set for both.
/// </summary>
static class DerivedLabels
{
    /// <summary>Asserts that every pixel of <paramref name="task"/> is <paramref name="expected"/> of its semantic label; returns the values seen.</summary>
    public static HashSet<byte> AssertFollowSemantic(ISegmentationDataset set, string task, Func<byte, byte> expected)
    {
        var seen = new HashSet<byte>();
        for (int i = 0; i < set.Count; i++)
        {
            var s = set.Get(i);
            var semantic = s.Labels[LabelTask.Semantic].Indices;
            var derived = s.Labels[task].Indices;
            for (int p = 0; p < semantic.Length; p++)
            {
                Assert.Equal(expected(semantic[p]), derived[p]);
                seen.Add(derived[p]);
            }
        }
        return seen;
    }
}
