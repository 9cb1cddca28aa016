namespace Workbench.Fcn.Training;

/// <summary>Learning-rate schedules: Caffe's "fixed" (the reference FCNs) and "poly".</summary>
public abstract record LearningRate(double Base)
{
    public abstract double At(long iteration, long maxIterations);

    public sealed record Fixed(double BaseRate) : LearningRate(BaseRate)
    {
        public override double At(long iteration, long maxIterations) => Base;
    }

    /// <summary>base · (1 − iteration/max)^power.</summary>
    public sealed record Poly(double BaseRate, double Power = 0.9) : LearningRate(BaseRate)
    {
        public override double At(long iteration, long maxIterations) =>
            Base * Math.Pow(Math.Max(0, 1 - (double) iteration / Math.Max(1, maxIterations)), Power);
    }
}
