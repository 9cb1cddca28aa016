namespace Workbench.Vision.Downloads;

/// <summary>One file to fetch: where from, its digest when known for certain, and a note on where the URL and digest come from.</summary>
public sealed record RemoteFile(string Url, string FileName, Checksum? Checksum, string Note);

/// <summary>What `workbench data fetch` downloads for a dataset, and the directory its loader reads after unpacking.</summary>
public sealed record DatasetSource(string Name, string Description, IReadOnlyList<RemoteFile> Files, string LayoutRoot);

/// <summary>
/// The download manifest. URLs are those the FCN reference's data READMEs and the dataset pages
/// give. Digests are given only where they are known for certain: the MD5s that torchvision's
/// dataset classes pin for the VOC 2010/2011/2012 and SBD archives. No SHA-256 is published for any of these
/// archives; pass <c>--sha256</c> to pin one you trust. Everything else is fetched unverified,
/// and the manifest says so.
/// </summary>
public static class DatasetSources
{
    public static IReadOnlyList<DatasetSource> All { get; } = new[]
    {
        new DatasetSource("voc2012", "PASCAL VOC 2012 trainval (JPEGImages, SegmentationClass, ImageSets); holds the VOC2011 seg11valid images too",
            new[] { new RemoteFile("http://host.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar", "VOCtrainval_11-May-2012.tar",
                Checksum.Md5("6cd6e144f989b92b3379bac3b3de84fd"), "MD5 as pinned by torchvision.datasets.VOCSegmentation") },
            "VOCdevkit/VOC2012"),
        new DatasetSource("voc2011", "PASCAL VOC 2011 trainval, the year of the paper's seg11valid split (VOC 2012 holds the same images)",
            new[] { new RemoteFile("http://host.robots.ox.ac.uk/pascal/VOC/voc2011/VOCtrainval_25-May-2011.tar", "VOCtrainval_25-May-2011.tar",
                Checksum.Md5("6c3384ef61512963050cb5d687e5bf1e"), "MD5 as pinned by torchvision's VOC 2011 entry") },
            "TrainVal/VOCdevkit/VOC2011"),
        new DatasetSource("sbd", "Semantic Boundaries Dataset (img/, cls/*.mat, train.txt, val.txt)",
            new[] { new RemoteFile("http://www.eecs.berkeley.edu/Research/Projects/CS/vision/grouping/semantic_contours/benchmark.tgz", "benchmark.tgz",
                Checksum.Md5("82b4d87ceb2ed10f6038a1cba92111cb"), "MD5 as pinned by torchvision.datasets.SBDataset") },
            "benchmark_RELEASE/dataset"),
        new DatasetSource("nyud", "NYUDv2 in FCN's layout (data/images, data/depth, data/hha, segmentation/*.mat)",
            new[] { new RemoteFile("http://dl.caffe.berkeleyvision.org/nyud.tar.gz", "nyud.tar.gz", null,
                "URL from fcn.berkeleyvision.org data/nyud/README.md; no published digest") },
            "nyud"),
        new DatasetSource("siftflow", "SIFT Flow (Images, SemanticLabels, GeoLabels)",
            new[] { new RemoteFile("http://www.cs.unc.edu/~jtighe/Papers/ECCV10/siftflow/SiftFlowDataset.zip", "SiftFlowDataset.zip", null,
                "URL from fcn.berkeleyvision.org data/sift-flow/README.md; no published digest") },
            "SiftFlowDataset"),
        new DatasetSource("pascal-context", "PASCAL-Context trainval labels and the VOC2010 images they annotate",
            new[]
            {
                new RemoteFile("http://host.robots.ox.ac.uk/pascal/VOC/voc2010/VOCtrainval_03-May-2010.tar", "VOCtrainval_03-May-2010.tar",
                    Checksum.Md5("da459979d0c395079b5c75ee67908abb"), "MD5 as pinned by torchvision's VOC 2010 entry"),
                new RemoteFile("https://cs.stanford.edu/~roozbeh/pascal-context/trainval.tar.gz", "trainval.tar.gz", null,
                    "URL from the PASCAL-Context page; no published digest"),
            },
            "VOCdevkit/VOC2010"),
        new DatasetSource("vgg16", "VGG16 ILSVRC weights (Caffe), the FCN trunk's initialisation",
            new[] { new RemoteFile("http://www.robots.ox.ac.uk/~vgg/software/very_deep/caffe/VGG_ILSVRC_16_layers.caffemodel",
                "VGG_ILSVRC_16_layers.caffemodel", null, "URL from the VGG page linked by fcn.berkeleyvision.org ilsvrc-nets/README.md; no published digest") },
            "."),
        new DatasetSource("caffenet", "CaffeNet ILSVRC weights (Caffe's bvlc_reference_caffenet), FCN-AlexNet's initialisation",
            new[] { new RemoteFile("http://dl.caffe.berkeleyvision.org/bvlc_reference_caffenet.caffemodel",
                "bvlc_reference_caffenet.caffemodel", null, "URL from Caffe's models/bvlc_reference_caffenet/readme.md, which fcn.berkeleyvision.org ilsvrc-nets/README.md points to; no published digest of the kind fetch pins (the readme gives a SHA-1)") },
            "."),
        new DatasetSource("googlenet", "GoogLeNet ILSVRC weights (Caffe's bvlc_googlenet), FCN-GoogLeNet's initialisation",
            new[] { new RemoteFile("http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel",
                "bvlc_googlenet.caffemodel", null, "URL from Caffe's models/bvlc_googlenet/readme.md, which fcn.berkeleyvision.org ilsvrc-nets/README.md points to; no published digest of the kind fetch pins (the readme gives a SHA-1)") },
            "."),
        new DatasetSource("fcn8s", "The published FCN-8s (fcn.berkeleyvision.org voc-fcn8s, trained on SBD at high momentum: 65.5 mean IU on seg11valid), to evaluate",
            new[] { new RemoteFile("http://dl.caffe.berkeleyvision.org/fcn8s-heavy-pascal.caffemodel",
                "fcn8s-heavy-pascal.caffemodel", null, "URL from fcn.berkeleyvision.org voc-fcn8s/caffemodel-url; no published digest") },
            "."),
    };

    public static DatasetSource Find(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown dataset '{name}' (known: {string.Join(", ", All.Select(s => s.Name))})");
}
