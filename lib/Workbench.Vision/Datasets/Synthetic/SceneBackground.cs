using Workbench.Vision.Imaging;
namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// The ground of the VOC-like scenes: two textured regions split by a tilted horizon (blotches above),
/// then a few blobs of clutter in object-like colours, so "colourful" does not mean "object". Every
/// pixel is labelled background. The scenes differ only in the ranges they pass.
/// </summary>
static class SceneBackground
{
    /// <param name="upperLightness">the upper region's lightness range</param>
    /// <param name="clutterExtent">the largest clutter radius, as a fraction of the shorter side</param>
    public static void Paint(Canvas canvas, ref SampleRandom rng, float unit, (float Min, float Max) upperLightness, float clutterExtent)
    {
        var upper = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.05f, 0.6f), rng.Uniform(upperLightness.Min, upperLightness.Max), 4f / unit);
        var lower = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.05f, 0.6f), rng.Uniform(0.2f, 0.8f), 4f / unit);
        upper.Kind = Material.TextureKind.Blotches;
        float horizon = rng.Uniform(0.2f, 0.8f) * canvas.Height, slope = rng.Uniform(-0.3f, 0.3f);
        for (int y = 0; y < canvas.Height; y++)
            for (int x = 0; x < canvas.Width; x++)
            {
                canvas.Paint = y < horizon + slope * (x - canvas.Width / 2f) ? upper : lower;
                canvas.Plot(x, y, 0);
            }
        int clutter = rng.Next(0, 4);
        for (int k = 0; k < clutter; k++)
        {
            canvas.Paint = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.2f, 0.8f), rng.Uniform(0.3f, 0.9f), 4f / unit);
            canvas.FillEllipse(rng.Uniform(0, canvas.Width), rng.Uniform(0, canvas.Height), unit * rng.Uniform(0.05f, clutterExtent),
                               unit * rng.Uniform(0.05f, clutterExtent), rng.Uniform(0f, 3.2f), 0);
        }
    }
}
