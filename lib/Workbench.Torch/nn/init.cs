namespace Workbench.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Parameter initialisers (torch.nn.init); each works in place without recording gradients.</summary>
        public static class init
        {
            public static (long fanIn, long fanOut) calculate_fan_in_and_fan_out(Tensor t)
            {
                var s = t.shape;
                if (s.Length < 2) throw new ArgumentException("fan in and fan out need a tensor with at least 2 dimensions");
                long receptive = 1;
                for (int i = 2; i < s.Length; i++) receptive *= s[i];
                return (s[1] * receptive, s[0] * receptive);
            }

            public static Tensor uniform_(Tensor t, double a = 0, double b = 1)
            {
                using (no_grad()) return t.uniform_(a, b);
            }

            public static Tensor normal_(Tensor t, double mean = 0, double std = 1)
            {
                using (no_grad()) return t.normal_(mean, std);
            }

            public static Tensor constant_(Tensor t, Scalar value)
            {
                using (no_grad()) return t.fill_(value);
            }

            public static Tensor zeros_(Tensor t)
            {
                using (no_grad()) return t.zero_();
            }

            /// <summary>He initialisation; with a = √5 this is PyTorch's default for conv and linear weights.</summary>
            public static Tensor kaiming_uniform_(Tensor t, double a = 0)
            {
                var (fanIn, _) = calculate_fan_in_and_fan_out(t);
                double gain = Math.Sqrt(2.0 / (1 + a * a));
                double bound = Math.Sqrt(3.0) * gain / Math.Sqrt(fanIn);
                return uniform_(t, -bound, bound);
            }

            public static Tensor kaiming_normal_(Tensor t, double a = 0)
            {
                var (fanIn, _) = calculate_fan_in_and_fan_out(t);
                return normal_(t, 0, Math.Sqrt(2.0 / (1 + a * a)) / Math.Sqrt(fanIn));
            }
        }
    }
}
