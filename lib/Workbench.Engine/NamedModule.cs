using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// A module whose state-dict keys are its declared field names and nothing else, in declaration
/// order (base class first) — PyTorch's attribute names, so keys are the reference's
/// (<c>conv1_1.weight</c>, <c>score_pool4.weight</c>), the keys of pytorch-fcn's .pth files.
/// TorchSharp's own <c>RegisterComponents</c> also registers compiler-generated backing fields
/// (<c>&lt;Trunk&gt;k__BackingField.conv1_1.weight</c>) and every <c>Tensor</c> field as a buffer;
/// here properties, plain tensors and null fields are left out, and a module or parameter already
/// registered (under its field name or explicitly under another, as Inception's "3x3") stays as
/// it is, so the call is idempotent (TorchSharp repeats it when a parent registers the module).
/// </summary>
public abstract class NamedModule<T, TResult> : nn.Module<T, TResult>
{
    protected NamedModule(string name) : base(name) { }

    protected override void RegisterComponents()
    {
        var registered = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var (_, m) in _internal_submodules) registered.Add(m);
        foreach (var (_, p) in _internal_params) registered.Add(p);
        var chain = new Stack<Type>();
        for (var t = GetType(); t is not null && t != typeof(NamedModule<T, TResult>); t = t.BaseType) chain.Push(t);
        foreach (var type in chain)
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        {
            if (field.Name.Contains('<') || field.IsDefined(typeof(NotAComponentAttribute))) continue;
            var name = field.Name;
            var value = field.GetValue(this);
            if (value is null || registered.Contains(value) || _internal_submodules.ContainsKey(name) || _internal_params.ContainsKey(name)) continue;
            switch (value)
            {
                case nn.Module m: register_module(name, m); registered.Add(m); break;
                case TorchSharp.Modules.Parameter p: register_parameter(name, p); registered.Add(p); break;
            }
        }
    }
}

/// <summary>Keeps a module-typed field out of <see cref="NamedModule{T,TResult}"/>'s registration (a shared or borrowed module).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class NotAComponentAttribute : Attribute { }
