using System.CommandLine;
using System.Text.Json;
using Workbench.Vision.Imaging;

namespace Workbench.Cli.Commands;

internal static class InspectImageCommand
{
    internal static Command Create()
    {
        var file = new Argument<string>("file") { Description = "a JPEG or PNG file" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of text" };
        var command = new Command("image", "Size, channels, palette and a SHA-256 of the decoded pixels of a JPEG or PNG")
            .WithExamples("workbench inspect image data/pascal/VOC2011/SegmentationClass/2007_000033.png --json");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            var info = ImageInfo.Inspect(r.GetValue(file)!);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    file = info.File, format = info.Format, width = info.Width, height = info.Height, channels = info.Channels,
                    bit_depth = info.BitDepth, has_palette = info.HasPalette, palette_entries = info.PaletteEntries,
                    sha256 = info.Sha256,
                }, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            Console.WriteLine($"file      {info.File}");
            Console.WriteLine($"format    {info.Format}, {info.BitDepth}-bit");
            Console.WriteLine($"size      {info.Width} x {info.Height}, {info.Channels} channel{(info.Channels == 1 ? "" : "s")}");
            Console.WriteLine($"palette   {(info.HasPalette ? $"yes, {info.PaletteEntries} entries (pixels are indices)" : "no")}");
            Console.WriteLine($"sha256    {info.Sha256} (decoded pixels)");
            return 0;
        }));
        return command;
    }
}
