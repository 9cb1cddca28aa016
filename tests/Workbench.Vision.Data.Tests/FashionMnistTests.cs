using System.Text.Json;
using Workbench.Vision.Datasets.Classification;

namespace Workbench.Vision.Data.Tests;

/// <summary>The IDX reader and Fashion-MNIST on tiny files in the real format (tests/fixtures/datasets/fashion-mnist, made by make_idx_fixtures.py) and on Debian's files.</summary>
public class FashionMnistTests
{
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "datasets", "fashion-mnist");
    static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json"))).RootElement;

    static void Check(ClassificationSet set, string split)
    {
        var exp = Expected.GetProperty(split);
        Assert.Equal(exp.GetProperty("count").GetInt32(), set.Count);
        Assert.Equal((28, 28), (set.Height, set.Width));
        Assert.Equal(exp.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()), Enumerable.Range(0, set.Count).Select(set.Label));
        Assert.Equal(exp.GetProperty("sums").EnumerateArray().Select(e => e.GetInt64()),
                     Enumerable.Range(0, set.Count).Select(i => set.Image(i).ToArray().Sum(b => (long) b)));
    }

    [Fact]
    public void Reads_the_gzip_training_pair_and_the_plain_test_pair()
    {
        var train = FashionMnist.Load(Fixtures, "train");
        Check(train, "train");
        var probe = Expected.GetProperty("train").GetProperty("probe").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(probe[3], train.Image(probe[0])[probe[1] * 28 + probe[2]]);
        Check(FashionMnist.Load(Fixtures, "test"), "test");
        Assert.Equal("t-shirt/top", train.ClassNames[0]);
        Assert.Equal("ankle boot", train.ClassNames[9]);
        Assert.Equal(2, train.Take(2).Count);
    }

    [Fact]
    public void Header_dimensions_come_back_outermost_first()
    {
        var a = IdxFile.Read(Path.Combine(Fixtures, "t10k-images-idx3-ubyte"), rank: 3);
        Assert.Equal(new[] { 2, 28, 28 }, a.Dimensions);
        Assert.Equal(784, a.ItemSize);
        Assert.Equal(new[] { 2 }, IdxFile.Read(Path.Combine(Fixtures, "t10k-labels-idx1-ubyte")).Dimensions);
    }

    [Theory]
    [InlineData("truncated-idx3-ubyte", "need 1584 bytes, the file has 1574")]
    [InlineData("truncated-idx3-ubyte.gz", "truncated")]
    [InlineData("trailing-idx3-ubyte", "the file has 1586")]
    [InlineData("bad-magic-idx3-ubyte", "not an IDX file")]
    [InlineData("float-idx3-ubyte", "element type 0x0d")]
    [InlineData("huge-idx3-ubyte", "refusing")]
    [InlineData("labels-as-images-idx1-ubyte", "expected 3")]
    [InlineData("not-gzip-idx3-ubyte.gz", "corrupt-idx")]
    public void Corrupt_files_are_errors_that_name_the_file_and_what_was_expected(string name, string message)
    {
        var path = Path.Combine(Fixtures, "corrupt", name);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, rank: 3));
        Assert.Contains(path, e.Message);
        if (message != "corrupt-idx") Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_split_names_the_file_and_the_debian_package()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Path.Combine(Fixtures, "corrupt"), "train"));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Throws<ArgumentException>(() => FashionMnist.Load(Fixtures, "val"));
        Assert.False(FashionMnist.IsPresent(Path.Combine(Fixtures, "corrupt")));
    }

    [Fact]
    public void Labels_outside_the_classes_are_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => new ClassificationSet("x", 1, 1, new byte[2], new byte[] { 3, 10 }, FashionMnist.ClassNames));
        Assert.Contains("item 1 has label 10", e.Message);
    }

    [Fact]
    public void Debian_fashion_mnist_has_60000_and_10000_balanced_items()
    {
        if (!FashionMnist.IsPresent(FashionMnist.DefaultRoot, "train") || !FashionMnist.IsPresent(FashionMnist.DefaultRoot, "test"))
        {
            // xunit 2 has no dynamic skip; say why nothing was checked.
            Console.WriteLine($"skipped: {FashionMnist.DefaultRoot} has no Fashion-MNIST (apt-get install dataset-fashion-mnist; scripts/install-deps.sh installs it)");
            return;
        }
        var train = FashionMnist.Load(FashionMnist.DefaultRoot, "train");
        var test = FashionMnist.Load(FashionMnist.DefaultRoot, "test");
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal((28, 28), (train.Height, train.Width));
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
        Assert.All(Enumerable.Range(0, train.Count).GroupBy(train.Label), g => Assert.Equal(6000, g.Count()));
        Assert.All(Enumerable.Range(0, test.Count).GroupBy(test.Label), g => Assert.Equal(1000, g.Count()));
        // The first training item is an ankle boot (label 9), as the dataset's README shows.
        Assert.Equal(9, train.Label(0));
    }
}
