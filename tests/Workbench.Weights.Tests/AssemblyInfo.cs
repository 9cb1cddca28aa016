using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
// libtorch's random generator and thread count are process-wide: tests that seed or set them
// must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
