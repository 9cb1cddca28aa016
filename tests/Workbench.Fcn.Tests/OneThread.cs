using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

static class OneThread
{
    // The tests' nets are tiny: intra-op threads gain nothing, and on a shared two-core machine
    // OpenMP threads spinning against other processes made a training step ten times slower.
    // One thread also makes every floating-point reduction order, hence every loss, reproducible.
    [ModuleInitializer]
    internal static void Set() => set_num_threads(1);
}
