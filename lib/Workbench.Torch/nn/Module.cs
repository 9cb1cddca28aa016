using System.Reflection;
using Workbench.Torch.Modules;

namespace Workbench.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A layer or a network: parameters, buffers and child modules under dotted names
        /// (<c>conv1_1.weight</c>), train/eval mode, state dicts. Mirrors torch.nn.Module.
        /// </summary>
        public abstract class Module : IDisposable
        {
            readonly List<(string name, Parameter? value)> parameters_ = new();
            readonly List<(string name, Tensor value)> buffers_ = new();
            readonly List<(string name, Module value)> children_ = new();
            bool disposed;

            protected Module(string name) => GetName = name;

            /// <summary>The module's type name, used in messages.</summary>
            public string GetName { get; }

            public bool training { get; private set; } = true;

            // ---- registration -------------------------------------------------------------

            public void register_parameter(string name, Parameter? parameter)
            {
                CheckName(name);
                int i = parameters_.FindIndex(p => p.name == name);
                if (i >= 0) parameters_[i] = (name, parameter);
                else parameters_.Add((name, parameter));
            }

            public void register_buffer(string name, Tensor tensor)
            {
                CheckName(name);
                tensor.DetachFromDisposeScope();
                int i = buffers_.FindIndex(b => b.name == name);
                if (i >= 0) buffers_[i] = (name, tensor);
                else buffers_.Add((name, tensor));
            }

            public void register_module(string name, Module module)
            {
                CheckName(name);
                int i = children_.FindIndex(c => c.name == name);
                if (i >= 0) children_[i] = (name, module);
                else children_.Add((name, module));
            }

            static void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"'{name}' is not a valid attribute name (empty or contains '.')", nameof(name));
            }

            /// <summary>
            /// Registers this object's fields of type Module and Parameter under the field names,
            /// in declaration order (as TorchSharp's RegisterComponents does).
            /// </summary>
            protected void RegisterComponents()
            {
                var types = new Stack<Type>();
                for (var t = GetType(); t is not null && t != typeof(Module); t = t.BaseType) types.Push(t);
                foreach (var type in types)
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.Name.Contains('<')) continue; // compiler-generated backing fields
                    var value = field.GetValue(this);
                    if (value is Module m) register_module(field.Name, m);
                    else if (value is Parameter p) register_parameter(field.Name, p);
                    else if (value is null && field.FieldType == typeof(Parameter)) register_parameter(field.Name, null);
                }
            }

            // ---- traversal ----------------------------------------------------------------

            public IEnumerable<(string name, Module module)> named_children() => children_;

            public IEnumerable<Module> children() => children_.Select(c => c.value);

            public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
            {
                yield return (prefix, this);
                foreach (var (name, child) in children_)
                foreach (var m in child.named_modules(prefix.Length == 0 ? name : $"{prefix}.{name}"))
                    yield return m;
            }

            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                foreach (var (prefix, module) in recurse ? named_modules() : new[] { ("", this) })
                foreach (var (name, p) in module.parameters_)
                    if (p is not null)
                        yield return (prefix.Length == 0 ? name : $"{prefix}.{name}", p);
            }

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var (prefix, module) in recurse ? named_modules() : new[] { ("", this) })
                foreach (var (name, b) in module.buffers_)
                    yield return (prefix.Length == 0 ? name : $"{prefix}.{name}", b);
            }

            // ---- state --------------------------------------------------------------------

            /// <summary>
            /// Parameters and buffers by dotted name, in registration order. The values are the
            /// module's own tensors, not copies: do not dispose them.
            /// </summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var result = new Dictionary<string, Tensor>();
                foreach (var (name, p) in named_parameters()) result[name] = p;
                foreach (var (name, b) in named_buffers()) result[name] = b;
                return result;
            }

            /// <summary>
            /// Copies values from <paramref name="source"/> into this module's tensors. A shape
            /// mismatch is always an error; missing and unexpected keys are errors when strict.
            /// </summary>
            public (IReadOnlyList<string> missing, IReadOnlyList<string> unexpected) load_state_dict(
                IReadOnlyDictionary<string, Tensor> source, bool strict = true)
            {
                var own = state_dict();
                var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
                var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                var mismatched = new List<string>();
                foreach (var (key, target) in own)
                {
                    if (!source.TryGetValue(key, out var value)) continue;
                    var want = target.shape;
                    var got = value.shape;
                    if (!want.SequenceEqual(got))
                        mismatched.Add($"{key}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
                }
                if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
                    throw new StateDictException(GetName, missing, unexpected, mismatched);
                using (no_grad())
                {
                    foreach (var (key, target) in own)
                        if (source.TryGetValue(key, out var value))
                            target.copy_(value);
                }
                return (missing, unexpected);
            }

            public IReadOnlyList<string> load_state_dict(Dictionary<string, Tensor> source, bool strict = true) =>
                load_state_dict((IReadOnlyDictionary<string, Tensor>) source, strict).missing;

            // ---- modes and devices --------------------------------------------------------

            public virtual Module train(bool mode = true)
            {
                foreach (var m in modules()) m.training = mode;
                return this;
            }

            public Module eval() => train(false);

            public Module to(Device device)
            {
                foreach (var (_, p) in named_parameters())
                {
                    bool rg = p.requires_grad;
                    p.TakeHandleOf(p.detach().to(device));
                    p.requires_grad = rg;
                }
                foreach (var m in modules())
                    for (int i = 0; i < m.buffers_.Count; i++)
                        m.buffers_[i].value.TakeHandleOf(m.buffers_[i].value.to(device));
                return this;
            }

            public Module to(ScalarType type)
            {
                foreach (var (_, p) in named_parameters())
                {
                    bool rg = p.requires_grad;
                    p.TakeHandleOf(p.detach().to(type));
                    p.requires_grad = rg;
                }
                return this;
            }

            public void zero_grad()
            {
                foreach (var p in parameters()) p.grad = null;
            }

            public void Dispose()
            {
                if (disposed) return;
                disposed = true;
                foreach (var (_, c) in children_) c.Dispose();
                foreach (var (_, p) in parameters_) p?.Dispose();
                foreach (var (_, b) in buffers_) b.Dispose();
                GC.SuppressFinalize(this);
            }

            public override string ToString() => GetName;
        }

        /// <summary>A module whose forward pass maps a <typeparamref name="T"/> to a <typeparamref name="TResult"/>.</summary>
        public abstract class Module<T, TResult> : Module
        {
            protected Module(string name) : base(name) { }

            public abstract TResult forward(T input);

            public TResult call(T input) => forward(input);
        }
    }
}
