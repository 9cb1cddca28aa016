using static TorchSharp.torch;

namespace Workbench.Weights.Tests;

// Compares autograd's gradient with central finite differences, in float64.
internal static class GradCheck
{
    /// <summary>Largest |analytic − numeric| over every element of every input.</summary>
    internal static double MaxError(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        foreach (var x in inputs) x.requires_grad = true;
        using (var y = f(inputs)) y.backward();
        var analytic = inputs.Select(x => x.grad!.ToArray<double>()).ToArray();

        const double eps = 1e-6;
        double worst = 0;
        using var noGrad = no_grad();
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var flat = x.view(-1);
            long n = flat.numel();
            for (long i = 0; i < n; i++)
            {
                double original = flat[i].item<double>();
                flat[i].fill_(original + eps);
                double plus = f(inputs).item<double>();
                flat[i].fill_(original - eps);
                double minus = f(inputs).item<double>();
                flat[i].fill_(original);
                double numeric = (plus - minus) / (2 * eps);
                worst = Math.Max(worst, Math.Abs(numeric - analytic[k][i]));
            }
        }
        return worst;
    }
}
