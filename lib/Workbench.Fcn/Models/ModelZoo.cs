using Workbench.Fcn.Backbones;

namespace Workbench.Fcn.Models;

/// <summary>The named models: the paper's nets and their skip variants for each trunk.</summary>
public static class ModelZoo
{
    /// <summary>The names <see cref="Create"/> knows, with what each is.</summary>
    public static readonly IReadOnlyDictionary<string, string> Models = new Dictionary<string, string>
    {
        ["fcn32s"] = "FCN-32s, VGG16 trunk (voc-fcn32s)",
        ["fcn16s"] = "FCN-16s, VGG16 trunk (voc-fcn16s)",
        ["fcn8s"] = "FCN-8s, VGG16 trunk (voc-fcn8s)",
        ["fcn8s-atonce"] = "FCN-8s trained at once, VGG16 trunk, pool4 ×0.01 and pool3 ×0.0001 (voc-fcn8s-atonce)",
        ["fcn-alexnet"] = "FCN-AlexNet: FCN-32s on the CaffeNet trunk (voc-fcn-alexnet)",
        ["fcn-googlenet"] = "FCN-GoogLeNet: FCN-32s on the GoogLeNet trunk, final average pool discarded (§4.1)",
        ["fcn16s-alexnet"] = "FCN-16s on the CaffeNet trunk",
        ["fcn8s-alexnet"] = "FCN-8s on the CaffeNet trunk",
        ["fcn8s-atonce-alexnet"] = "at-once FCN-8s on the CaffeNet trunk",
        ["fcn16s-googlenet"] = "FCN-16s on the GoogLeNet trunk",
        ["fcn8s-googlenet"] = "FCN-8s on the GoogLeNet trunk",
        ["fcn8s-atonce-googlenet"] = "at-once FCN-8s on the GoogLeNet trunk",
    };

    /// <summary>A model by name, e.g. "fcn8s", at a width multiplier (1.0 is the paper's net).</summary>
    public static FcnModel Create(string name, long numClasses = 21, double width = 1.0, Upsampling upsampling = Upsampling.Fixed,
        long inChannels = 3)
    {
        var key = name.Trim().ToLowerInvariant();
        if (!Models.ContainsKey(key))
            throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Models.Keys)}", nameof(name));
        string trunkName = key.EndsWith("alexnet") ? "alexnet" : key.EndsWith("googlenet") ? "googlenet" : "vgg16";
        string head = key.StartsWith("fcn8s-atonce") ? "8s-atonce" : key.StartsWith("fcn8s") ? "8s" : key.StartsWith("fcn16s") ? "16s" : "32s";
        return Create(trunkName, head, numClasses, width, upsampling, inChannels);
    }

    /// <summary>
    /// The name <see cref="Create(string, long, double, Upsampling, long)"/> knows a net by ("fcn8s",
    /// "fcn-alexnet", "fcn16s-googlenet"), so a checkpoint can say which net it holds; null for a net
    /// it does not build (two-headed, late fusion).
    /// </summary>
    public static string? NameOf(FcnModel net)
    {
        string? trunk = net.Trunk switch { Vgg16 => "", AlexNet => "alexnet", GoogLeNet => "googlenet", _ => null };
        string? head = net switch
        {
            Fcn32s => "fcn32s",
            Fcn16s => "fcn16s",
            Fcn8s { AtOnce: true } => "fcn8s-atonce",
            Fcn8s => "fcn8s",
            _ => null,
        };
        if (trunk is null || head is null) return null;
        if (trunk == "") return head;
        return head == "fcn32s" ? $"fcn-{trunk}" : $"{head}-{trunk}";
    }

    /// <summary>A trunk ("vgg16", "alexnet", "googlenet") under a head ("32s", "16s", "8s", "8s-atonce").</summary>
    public static FcnModel Create(string trunk, string head, long numClasses, double width = 1.0, Upsampling upsampling = Upsampling.Fixed,
        long inChannels = 3)
    {
        // Before any layer is allocated: a width or class count out of range would ask for memory no machine has.
        ModelLimits.CheckClasses(numClasses);
        ModelLimits.CheckWidth(width);
        ModelLimits.CheckInChannels(inChannels);
        Backbone b = trunk switch
        {
            "vgg16" => new Vgg16(width, inChannels),
            "alexnet" => new AlexNet(width, inChannels),
            "googlenet" => new GoogLeNet(width, inChannels),
            _ => throw new ArgumentException($"unknown trunk '{trunk}'; known: vgg16, alexnet, googlenet", nameof(trunk)),
        };
        return head switch
        {
            "32s" => new Fcn32s(b, numClasses, upsampling),
            "16s" => new Fcn16s(b, numClasses, upsampling),
            "8s" => new Fcn8s(b, numClasses, upsampling),
            "8s-atonce" => new Fcn8s(b, numClasses, upsampling, atOnce: true),
            _ => throw new ArgumentException($"unknown head '{head}'; known: 32s, 16s, 8s, 8s-atonce", nameof(head)),
        };
    }
}
