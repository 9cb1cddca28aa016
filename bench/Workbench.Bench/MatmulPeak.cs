using System.Diagnostics;
using static TorchSharp.torch;

namespace Workbench.Bench;

// The machine's practical limit: GFLOP/s of a 4096² matrix product through libtorch (oneDNN/MKL
// GEMM, the kernel convolutions lower to), in float32 and bfloat16, with the run's thread count.
// Every conv benchmark reports its GFLOP/s as a fraction of the float32 figure.
internal static class MatmulPeak
{
    internal const int N = 4096;

    internal static (double median, double[] times) GigaFlops(ScalarType dtype, int reps)
    {
        manual_seed(0);
        using var a = randn(N, N).to(dtype);
        using var b = randn(N, N).to(dtype);
        using (var warm = a.matmul(b)) { }
        var rates = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = a.matmul(b);
            rates[i] = 2.0 * N * N * N / sw.Elapsed.TotalSeconds / 1e9;
        }
        return (VggConvs.Median(rates), rates);
    }
}
