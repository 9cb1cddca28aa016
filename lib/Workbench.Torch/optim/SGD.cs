using Workbench.Torch.Modules;

namespace Workbench.Torch
{
public static partial class torch
{
    public static partial class optim
    {
        public static Modules.SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false) =>
            new(new[] { new Modules.SGD.ParamGroup(parameters) }, new Modules.SGD.Options(lr, momentum, dampening, weight_decay, nesterov));

        public static Modules.SGD SGD(IEnumerable<Modules.SGD.ParamGroup> groups, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false) =>
            new(groups, new Modules.SGD.Options(lr, momentum, dampening, weight_decay, nesterov));
    }
}
}

namespace Workbench.Torch.Modules
{
    using static torch;

    /// <summary>
    /// Stochastic gradient descent with momentum, exactly PyTorch's update rule:
    /// g ← grad + wd·p; b ← μ·b + (1−dampening)·g (b ← g at the first step); p ← p − lr·(nesterov ? g + μ·b : b).
    /// Each parameter group carries its own options, which is how the FCN recipe gives biases
    /// twice the learning rate and no weight decay.
    /// </summary>
    public sealed class SGD
    {
        public sealed record Options(double LearningRate, double Momentum = 0, double Dampening = 0, double WeightDecay = 0, bool Nesterov = false);

        public sealed class ParamGroup
        {
            public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null)
            {
                Parameters = parameters.ToList();
                GroupOptions = options;
            }

            public IReadOnlyList<Parameter> Parameters { get; }

            /// <summary>The group's options; null until the optimizer fills in its defaults.</summary>
            public Options? GroupOptions { get; internal set; }

            public double LearningRate
            {
                get => GroupOptions!.LearningRate;
                set => GroupOptions = GroupOptions! with { LearningRate = value };
            }
        }

        readonly List<ParamGroup> groups;
        readonly Dictionary<Parameter, Tensor> momentum = new(ReferenceEqualityComparer.Instance);

        internal SGD(IEnumerable<ParamGroup> groups, Options defaults)
        {
            this.groups = groups.ToList();
            foreach (var g in this.groups)
            {
                g.GroupOptions ??= defaults;
                Validate(g.GroupOptions);
            }
            var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
            foreach (var p in this.groups.SelectMany(g => g.Parameters))
                if (!seen.Add(p)) throw new ArgumentException("a parameter appears in more than one parameter group");
        }

        static void Validate(Options o)
        {
            if (o.LearningRate < 0) throw new ArgumentOutOfRangeException(nameof(o.LearningRate), o.LearningRate, "invalid learning rate");
            if (o.Momentum < 0) throw new ArgumentOutOfRangeException(nameof(o.Momentum), o.Momentum, "invalid momentum");
            if (o.WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(o.WeightDecay), o.WeightDecay, "invalid weight decay");
            if (o.Nesterov && (o.Momentum <= 0 || o.Dampening != 0))
                throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }

        public IReadOnlyList<ParamGroup> ParamGroups => groups;

        /// <summary>Clears the gradients (sets them to none, as PyTorch 2 does by default).</summary>
        public void zero_grad()
        {
            foreach (var p in groups.SelectMany(g => g.Parameters)) p.grad = null;
        }

        public void step()
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            foreach (var group in groups)
            {
                var o = group.GroupOptions!;
                foreach (var p in group.Parameters)
                {
                    var grad = p.grad;
                    if (grad is null) continue;
                    var d = o.WeightDecay != 0 ? grad.add(p, o.WeightDecay) : grad;
                    if (o.Momentum != 0)
                    {
                        if (!momentum.TryGetValue(p, out var buffer))
                        {
                            buffer = d.clone().DetachFromDisposeScope();
                            momentum[p] = buffer;
                        }
                        else
                        {
                            buffer.mul_(o.Momentum).add_(d, 1 - o.Dampening);
                        }
                        d = o.Nesterov ? d.add(buffer, o.Momentum) : buffer;
                    }
                    p.add_(d, -o.LearningRate);
                }
            }
        }

        /// <summary>
        /// The momentum buffers by parameter position (group by group, as PyTorch numbers them)
        /// and each group's options, for checkpoints. Buffers are copies.
        /// </summary>
        public State state_dict()
        {
            var buffers = new Dictionary<int, Tensor>();
            int index = 0;
            foreach (var p in groups.SelectMany(g => g.Parameters))
            {
                if (momentum.TryGetValue(p, out var b)) buffers[index] = b.detach().clone().DetachFromDisposeScope();
                index++;
            }
            return new State(buffers, groups.Select(g => g.GroupOptions!).ToList());
        }

        public void load_state_dict(State state)
        {
            var parameters = groups.SelectMany(g => g.Parameters).ToList();
            if (state.Groups.Count != groups.Count)
                throw new ArgumentException($"the optimizer state has {state.Groups.Count} parameter groups, this optimizer {groups.Count}");
            foreach (var (i, buffer) in state.MomentumBuffers)
            {
                if (i < 0 || i >= parameters.Count)
                    throw new ArgumentException($"the optimizer state has a momentum buffer for parameter {i}, but there are {parameters.Count}");
                if (!buffer.shape.SequenceEqual(parameters[i].shape))
                    throw new ArgumentException($"momentum buffer {i} has shape [{string.Join(", ", buffer.shape)}], parameter [{string.Join(", ", parameters[i].shape)}]");
            }
            foreach (var b in momentum.Values) b.Dispose();
            momentum.Clear();
            foreach (var (i, buffer) in state.MomentumBuffers)
                momentum[parameters[i]] = buffer.detach().clone().to(parameters[i].device).DetachFromDisposeScope();
            for (int g = 0; g < groups.Count; g++) groups[g].GroupOptions = state.Groups[g];
        }

        public sealed record State(IReadOnlyDictionary<int, Tensor> MomentumBuffers, IReadOnlyList<Options> Groups);
    }
}
