using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Datasets.Synthetic;
using Workbench.Vision.Depth;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Data.Tests;

public class FashionRoomsTests
{
    static readonly ClassificationSet Toys = FashionScenesTests.Items((0, false), (4, true), (9, false));

    [Fact]
    public void Colour_and_labels_are_the_fashion_scene_of_the_same_seed_and_index()
    {
        var rooms = new FashionRooms(Toys, 5, 48, 64, seed: 3);
        var scenes = new FashionScenes(Toys, 5, 48, 64, seed: 3);
        for (int i = 0; i < rooms.Count; i++)
        {
            var (a, b) = (rooms.Get(i), scenes.Get(i));
            Assert.Equal(b.Raw.Pixels, a.Raw.Pixels);
            Assert.Equal(b.Label.Indices, a.Label.Indices);
            Assert.Equal(rooms.ClassNames, scenes.ClassNames);
        }
    }

    [Fact]
    public void Items_stand_at_their_distance_nearer_than_the_room_behind_them()
    {
        var set = new FashionRooms(Toys, 8, 96, 96, seed: 11);
        double itemDisparity = 0, roomDisparity = 0;
        long itemPixels = 0, roomPixels = 0, missing = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var r = set.RenderScene(i);
            var hha = Hha.FromDepthMm(r.DepthMm, 96, 96, r.Camera);
            for (int p = 0; p < r.DepthMm.Length; p++)
            {
                float mm = r.DepthMm[p];
                if (mm == 0) { missing++; continue; }
                byte label = r.Labels.Indices[p];
                if (label == LabelMap.Void) continue;
                if (label > 0)
                {
                    // An upright cut-out d metres ahead, seen through NYUDv2's field of view from a pitched camera:
                    // its z-depth lies between 0.8 d (rays above the heading) and 1.5 d (below it); the noise is under 2 cm.
                    // The relief brings an item's brightest parts up to 4 cm nearer.
                    Assert.InRange(mm, 800 * FashionRooms.ItemDepth.Near - 1000 * FashionRooms.Relief - 20, 1500 * FashionRooms.ItemDepth.Far + 20);
                    itemDisparity += hha.Hwc[3 * p]; itemPixels++;
                }
                else { roomDisparity += hha.Hwc[3 * p]; roomPixels++; }
            }
        }
        Assert.True(itemPixels > 0 && roomPixels > 0, $"{itemPixels} item and {roomPixels} room pixels");
        Assert.True(itemDisparity / itemPixels > roomDisparity / roomPixels + 20,
            $"mean disparity: items {itemDisparity / itemPixels:0}, room {roomDisparity / roomPixels:0}");
        Assert.InRange(missing, 1, 8 * 96 * 96 / 4);   // the projector's shadow and blobs, not most of the image
    }

    [Fact]
    public void Gravity_is_recovered_from_the_measured_depth()
    {
        var set = new FashionRooms(Toys, 6, 120, 120, seed: 5);
        for (int i = 0; i < set.Count; i++)
        {
            var r = set.RenderScene(i);
            var g = Hha.FromDepthMm(r.DepthMm, 120, 120, r.Camera).Gravity;
            var truth = r.Gravity;
            double degrees = Math.Acos(Math.Clamp(g[0] * truth[0] + g[1] * truth[1] + g[2] * truth[2], -1, 1)) * 180 / Math.PI;
            Assert.True(degrees < 5, $"scene {i}: gravity off by {degrees:0.0}°");
        }
    }

    [Fact]
    public void Every_input_has_its_channels_and_unknown_inputs_are_refused()
    {
        var s = new FashionRooms(Toys, 1, 32, 40).Get(0);
        Assert.Equal(3, s.Inputs[InputKind.Color].Channels);
        Assert.Equal(1, s.Inputs[InputKind.Depth].Channels);
        Assert.Equal(3, s.Inputs[InputKind.Hha].Channels);
        var e = Assert.Throws<ArgumentException>(() => new FashionRooms(Toys, inputs: new[] { "rgbd" }));
        Assert.Contains("rgbd", e.Message);
    }
}
