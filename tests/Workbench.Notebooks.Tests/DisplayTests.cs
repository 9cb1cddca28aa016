using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Display;
using Workbench.Notebooks.Figures;
using Workbench.Vision.Imaging;

namespace Workbench.Notebooks.Tests;

public class DisplayTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static XDocument ParseSvg(Figure figure)
    {
        Assert.True(figure.ToMimeBundle().ContainsKey(MimeTypes.Plain));
        var doc = XDocument.Parse(figure.ToSvg());
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        return doc;
    }

    [Fact]
    public void Line_chart_is_well_formed_svg_with_one_line_per_series_and_a_legend()
    {
        var chart = new LineChart("loss <&> \"test\"", "iteration", "loss") { LogY = true };
        chart.Add("p = 1.0", new[] { 100.0, 10, 1, 0.1 });
        chart.Add("p = 0.5", new[] { 1.0, 2, 3, 4, 5, 6, 7 }, new[] { 50.0, 20, double.NaN, 5, 0.5, double.NaN, 1 });
        var doc = ParseSvg(chart);
        var series = doc.Descendants(Svg + "g").Where(g => (string?) g.Attribute("class") == "series").ToList();
        Assert.Equal(2, series.Count);
        Assert.Single(series[0].Elements(Svg + "polyline"));
        Assert.Equal(2, series[1].Elements(Svg + "polyline").Count()); // a NaN splits the line
        Assert.Single(series[1].Elements(Svg + "circle")); // and a lone point stays visible
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("loss <&> \"test\"", texts);
        Assert.Contains("p = 0.5", texts);
        Assert.Contains("0.1", texts); // a decade tick on the log axis
        var plotly = JsonNode.Parse(chart.ToMimeBundle()[MimeTypes.Plotly])!;
        Assert.Equal(2, plotly["data"]!.AsArray().Count);
        Assert.Null(plotly["data"]![1]!["y"]![2]);   // a NaN is a gap (JSON null) in the line
        Assert.Equal("log", (string?) plotly["layout"]!["yaxis"]!["type"]);
        Assert.Equal(640, (int) plotly["layout"]!["width"]!);
    }

    [Fact]
    public void Every_chart_is_a_plotly_chart_and_carries_a_static_image()
    {
        var figures = new Figure[]
        {
            new LineChart("loss", "iteration", "loss").Add("a", new[] { 3.0, 2, 1 }),
            new BarChart(new[] { "background", "cat" }, "IU").Add("fcn8s", new[] { 0.9, 0.4 }),
            Heatmap.Confusion(new long[,] { { 5, 1 }, { 2, 7 } }, new[] { "a", "b" }, "confusion"),
        };
        foreach (var figure in figures)
        {
            // A Plotly.NET GenericChart (restyle it with Plotly's API) holding the traces and layout the JSON describes.
            var generic = JsonNode.Parse(Plotly.NET.GenericChart.toFigureJson(figure.ToPlotly()!))!;
            var described = JsonNode.Parse(figure.ToPlotlyJson()!)!;
            Assert.Equal(described["data"]!.AsArray().Count, generic["data"]!.AsArray().Count);
            Assert.Equal((string?) described["data"]![0]!["type"], (string?) generic["data"]![0]!["type"]);
            static double[] Ys(JsonNode trace) => trace["y"]!.AsArray().Select(v => v is null ? double.NaN : v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (double) v : double.NaN).ToArray();
            Assert.Equal(Ys(described["data"]![0]!), Ys(generic["data"]![0]!));
            Assert.Equal(described["data"]![0]!["y"]!.AsArray().Count, generic["data"]![0]!["y"]!.AsArray().Count);
            Assert.Equal((string?) described["layout"]!["title"]!["text"], (string?) generic["layout"]!["title"]!["text"]);
            var bundle = figure.ToMimeBundle();
            var png = Convert.FromBase64String(bundle[MimeTypes.Png]);
            Assert.Equal(new byte[] { 0x89, (byte) 'P', (byte) 'N', (byte) 'G' }, png[..4]);
            Assert.Equal((int) figure.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
            Assert.Equal((int) figure.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
            // The HTML shows the static image where no script runs, and draws the Plotly chart where one does.
            var html = bundle[MimeTypes.Html];
            Assert.Contains("<img src=\"data:image/png;base64," + bundle[MimeTypes.Png][..40], html);
            Assert.Contains("Plotly.newPlot", html);
        }
    }

    [Fact]
    public void Log_axes_over_less_than_two_decades_get_ticks_inside_the_data_range()
    {
        var ticks = Ticks.Log(3.5, 150);
        Assert.Equal(new[] { 5.0, 10, 20, 50, 100 }, ticks);
        var chart = new LineChart { LogX = true, XTicks = new[] { 4.0, 8, 16, 32, 64, 128 } }.Add("iu", new[] { 4.0, 8, 16, 32, 64, 128 }, new[] { 98.5, 96.4, 92.8, 86.1, 73.3, 50.9 });
        var labels = XDocument.Parse(chart.ToSvg()).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("128", labels);
        Assert.DoesNotContain("1000", labels);
    }

    [Fact]
    public void Points_of_a_line_chart_lie_inside_the_plot_area()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NormalFloat[]>(), values =>
        {
            var ys = values.Select(v => v.Get).Where(v => Math.Abs(v) < 1e12).ToArray();
            if (ys.Length < 2) return true;
            var chart = new LineChart().Add("s", ys);
            var points = XDocument.Parse(chart.ToSvg()).Descendants(Svg + "polyline").Single().Attribute("points")!.Value
                .Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            return points.All(p => p[0] >= 60 && p[0] <= chart.Width - 10 && p[1] >= 30 && p[1] <= chart.Height - 45);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bar_chart_draws_a_bar_per_finite_value_with_class_labels()
    {
        var classes = new[] { "background", "aeroplane", "bicycle" };
        var chart = new BarChart(classes, "per-class IU", "IU").Add("FCN-8s", new[] { 0.9, 0.7, double.NaN }).Add("FCN-32s", new[] { 0.8, 0.6, 0.1 });
        var doc = ParseSvg(chart);
        var bars = doc.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(5, bars.Count);
        Assert.Contains(bars, b => b.Element(Svg + "title")!.Value == "FCN-32s · bicycle: 0.1");
        Assert.All(classes, c => Assert.Contains(c, doc.Descendants(Svg + "text").Select(t => t.Value)));
        Assert.Throws<ArgumentException>(() => chart.Add("short", new[] { 1.0 }));
    }

    [Fact]
    public void Confusion_heatmap_has_a_cell_per_entry_with_rows_normalised()
    {
        var counts = new long[,] { { 8, 2, 0 }, { 1, 3, 0 }, { 0, 0, 0 } };
        var map = Heatmap.Confusion(counts, new[] { "a", "b", "c" }, "confusion");
        Assert.Equal(0.8, map.Values[0, 0], 12);
        Assert.Equal(0.25, map.Values[1, 0], 12);
        Assert.True(double.IsNaN(map.Values[2, 2])); // a class with no ground-truth pixels
        var doc = ParseSvg(map);
        var cells = doc.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(9, cells.Count);
        Assert.Contains(cells, c => c.Element(Svg + "title")!.Value == "b → a: 0.25");
        Assert.Throws<ArgumentException>(() => Heatmap.Confusion(new long[2, 3]));
    }

    [Fact]
    public void Image_grid_embeds_each_image_as_png_and_lists_the_legend_classes()
    {
        var image = new RgbImage(4, 3, Enumerable.Range(0, 36).Select(i => (byte) (i * 7)).ToArray());
        var labels = RgbImage.FromLabels(new long[] { 0, 1, 15, 255, 1, 1, 0, 0, 15, 15, 1, 0 }, 4, 3);
        var palette = ClassPalette.Voc(21, Enumerable.Range(0, 21).Select(i => i == 15 ? "person" : $"class {i}").ToArray());
        var grid = new ImageGrid(new[] { "image", "ground truth", "FCN-8s" }, "predictions") { Legend = palette, LegendClasses = new[] { 0, 1, 15 } };
        grid.AddRow("val 0", image, labels, labels).AddRow(null, image, labels, labels);
        var doc = ParseSvg(grid);
        var images = doc.Descendants(Svg + "image").ToList();
        Assert.Equal(6, images.Count);
        var uri = (string) images[1].Attribute("href")!;
        Assert.StartsWith("data:image/png;base64,", uri);
        Assert.Equal(labels.ToPng(), Convert.FromBase64String(uri["data:image/png;base64,".Length..]));
        Assert.Contains("person", doc.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Throws<ArgumentException>(() => grid.AddRow("bad", image));
    }

    [Fact]
    public void Voc_palette_gives_the_pascal_colours()
    {
        var voc = ClassPalette.Voc(256);
        // Colours as PASCAL VOC's devkit (VOClabelcolormap.m) assigns them.
        Assert.Equal(((byte) 0, (byte) 0, (byte) 0), voc[0]);
        Assert.Equal(((byte) 128, (byte) 0, (byte) 0), voc[1]);
        Assert.Equal(((byte) 0, (byte) 128, (byte) 0), voc[2]);
        Assert.Equal(((byte) 192, (byte) 128, (byte) 128), voc[15]);
        Assert.Equal(((byte) 224, (byte) 224, (byte) 192), voc[255]);
        Assert.Equal(voc.VoidColor, ClassPalette.Voc(21)[255]);
    }

    [Fact]
    public void Ticks_are_nice_evenly_spaced_and_inside_the_range()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NormalFloat>(), ArbMap.Default.ArbFor<PositiveInt>(), (a, w) =>
        {
            double min = Math.Clamp(a.Get, -1e9, 1e9), max = min + w.Get * 0.37;
            var ticks = Ticks.Linear(min, max);
            double step = ticks.Length > 1 ? ticks[1] - ticks[0] : 0;
            double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
            return ticks.Length is >= 2 and <= 12
                   && ticks.All(t => t >= min - 1e-9 * Math.Abs(step) && t <= max + 1e-9 * Math.Abs(step))
                   && ticks.Zip(ticks.Skip(1)).All(p => Math.Abs(p.Second - p.First - step) <= 1e-6 * step)
                   && new[] { 1.0, 2.0, 5.0, 10.0 }.Any(n => Math.Abs(mantissa - n) < 1e-6);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Table_shows_as_html_and_markdown_with_escaping()
    {
        var table = new Table("model", "mean IU") { Caption = "paper vs. this run" };
        table.Add("FCN-8s <paper>", 62.7).Add("a|b", double.NaN).Add("diff", 1.79e-7);
        var bundle = table.ToMimeBundle();
        Assert.Contains("<td>FCN-8s &lt;paper&gt;</td>", bundle[MimeTypes.Html]);
        Assert.Contains("<td style=\"text-align:right\">62.7</td>", bundle[MimeTypes.Html]);
        Assert.Contains("| a\\|b | — |", bundle[MimeTypes.Markdown]);
        Assert.Contains("|---|---:|", bundle[MimeTypes.Markdown]);
        Assert.Contains("| diff | 1.79E-7 |", bundle[MimeTypes.Markdown]);
        XDocument.Parse(bundle[MimeTypes.Html].Replace("&lt;", "&amp;lt;")); // balanced tags
        Assert.Throws<ArgumentException>(() => table.Add("only one"));
    }

    [Fact]
    public void Formatter_uses_the_bundle_of_displayable_and_duck_typed_values()
    {
        Assert.Equal("<i>x</i>", Formatter.ToMimeBundle(new HtmlString("<i>x</i>"))[MimeTypes.Html]);
        Assert.Equal("duck", Formatter.ToMimeBundle(new Duck())["text/x-duck"]);
        Assert.Equal("1.5", Formatter.ToMimeBundle(1.5)[MimeTypes.Plain]);
        Assert.Equal("Int32[] { 1, 2 }", Formatter.ToMimeBundle(new[] { 1, 2 })[MimeTypes.Plain]);
        Assert.Equal("null", Formatter.ToMimeBundle(null)[MimeTypes.Plain]);
    }

    sealed class Duck
    {
        public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string> { ["text/x-duck"] = "duck" };
    }

    [Fact]
    public void Png_round_trips_through_its_chunks_and_inflated_scanlines()
    {
        var images = from w in Gen.Choose(1, 17)
                     from h in Gen.Choose(1, 9)
                     from c in Gen.Elements(1, 3, 4)
                     from s in Gen.Choose(0, 1 << 30)
                     select (w, h, c, s);
        Prop.ForAll(images.ToArbitrary(), t =>
            {
                var (width, height, channels, seed) = t;
                var pixels = new byte[width * height * channels];
                new Random(seed).NextBytes(pixels);
                var png = PngEncoder.Encode(pixels, width, height, channels);
                return Decode(png, out int w, out int h, out int c).SequenceEqual(pixels) && w == width && h == height && c == channels;
            }).QuickCheckThrowOnFailure();
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[5], 2, 1, 3));
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[4], 2, 1, 2));
    }

    /// <summary>A PNG reader for the test: checks the signature, chunk order and CRCs, inflates IDAT and undoes the filters.</summary>
    static byte[] Decode(byte[] png, out int width, out int height, out int channels)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int pos = 8;
        var types = new List<string>();
        var idat = new MemoryStream();
        width = height = channels = 0;
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, length + 4)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                Assert.Equal(13, length);
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                channels = data[9] switch { 0 => 1, 2 => 3, 6 => 4, _ => throw new InvalidDataException("colour type") };
                Assert.Equal(new byte[] { 0, 0, 0 }, data[10..13].ToArray());
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        Assert.Equal(new[] { "IHDR", "IDAT", "IEND" }, types);
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        Assert.Equal((stride + 1) * height, bytes.Length);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = bytes[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                byte x = bytes[y * (stride + 1) + 1 + i];
                byte left = i >= channels ? pixels[y * stride + i - channels] : (byte) 0;
                byte up = y > 0 ? pixels[(y - 1) * stride + i] : (byte) 0;
                pixels[y * stride + i] = filter switch
                {
                    0 => x,
                    1 => (byte) (x + left),
                    2 => (byte) (x + up),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
            }
        }
        return pixels;
    }
}
