using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Backbones;

/// <summary>
/// One Inception block of GoogLeNet (Szegedy et al.): 1×1, 1×1→3×3, 1×1→5×5 and 3×3 max pool→1×1
/// branches, concatenated. Sub-layers carry Caffe's names ("3x3_reduce", "pool_proj", …), so the
/// parameter keys are Caffe's layer names with '/' read as '.'.
/// </summary>
public sealed class Inception : NamedModule<Tensor, Tensor>, IFlowModule
{
    readonly Conv2d b1x1, b3x3_reduce, b3x3, b5x5_reduce, b5x5, pool_proj;
    readonly ReLU r1x1, r3x3_reduce, r3x3, r5x5_reduce, r5x5, rpool_proj;
    readonly MaxPool2d pool;

    public Inception(long inChannels, long c1x1, long c3x3Reduce, long c3x3, long c5x5Reduce, long c5x5, long poolProj)
        : base(nameof(Inception))
    {
        b1x1 = nn.Conv2d(inChannels, c1x1, 1); r1x1 = nn.ReLU(inplace: true);
        b3x3_reduce = nn.Conv2d(inChannels, c3x3Reduce, 1); r3x3_reduce = nn.ReLU(inplace: true);
        b3x3 = nn.Conv2d(c3x3Reduce, c3x3, 3, padding: 1); r3x3 = nn.ReLU(inplace: true);
        b5x5_reduce = nn.Conv2d(inChannels, c5x5Reduce, 1); r5x5_reduce = nn.ReLU(inplace: true);
        b5x5 = nn.Conv2d(c5x5Reduce, c5x5, 5, padding: 2); r5x5 = nn.ReLU(inplace: true);
        pool = nn.MaxPool2d(3, stride: 1, padding: 1, ceil_mode: true);
        pool_proj = nn.Conv2d(inChannels, poolProj, 1); rpool_proj = nn.ReLU(inplace: true);
        OutChannels = c1x1 + c3x3 + c5x5 + poolProj;
        register_module("1x1", b1x1);
        register_module("relu_1x1", r1x1);
        register_module("3x3_reduce", b3x3_reduce);
        register_module("relu_3x3_reduce", r3x3_reduce);
        register_module("3x3", b3x3);
        register_module("relu_3x3", r3x3);
        register_module("5x5_reduce", b5x5_reduce);
        register_module("relu_5x5_reduce", r5x5_reduce);
        register_module("5x5", b5x5);
        register_module("relu_5x5", r5x5);
        register_module("pool", pool);
        register_module("pool_proj", pool_proj);
        register_module("relu_pool_proj", rpool_proj);
    }

    public long OutChannels { get; }

    public T Forward<T>(Flow<T> f, T x)
    {
        x = f.Keep(x);
        var a = f.Apply(b1x1, x);
        a = f.Apply(r1x1, a);

        var b = f.Apply(b3x3_reduce, x);
        b = f.Apply(r3x3_reduce, b);
        b = f.Apply(b3x3, b);
        b = f.Apply(r3x3, b);

        var c = f.Apply(b5x5_reduce, x);
        c = f.Apply(r5x5_reduce, c);
        c = f.Apply(b5x5, c);
        c = f.Apply(r5x5, c);

        var d = f.Apply(pool, x);
        d = f.Apply(pool_proj, d);
        d = f.Apply(rpool_proj, d);
        return f.Concat(new[] { a, b, c, d });
    }

    public override Tensor forward(Tensor input)
    {
        var flow = new TensorFlow(input, new Dictionary<string, long>());
        return flow.Finish(Forward(flow, input));
    }
}
