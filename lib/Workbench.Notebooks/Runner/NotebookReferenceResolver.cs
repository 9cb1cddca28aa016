using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Resolves <c>#r "path"</c> relative to the notebook's folder. A path to a workbench assembly the runner
/// has loaded itself resolves to that loaded copy: one copy of each type, so what a notebook builds is
/// what the display layer knows, and the native library is initialised once.
/// </summary>
internal sealed class NotebookReferenceResolver : MetadataReferenceResolver
{
    readonly ScriptMetadataResolver inner;
    readonly string baseDirectory;

    internal NotebookReferenceResolver(string baseDirectory)
    {
        this.baseDirectory = baseDirectory;
        inner = ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);
    }

    internal static IReadOnlyList<Assembly> WorkbenchAssemblies()
    {
        var list = new List<Assembly>();
        foreach (var name in new[] { "Workbench.Engine", "Workbench.Weights", "Workbench.Vision", "Workbench.Fcn", "Workbench.Notebooks" })
        {
            try
            {
                list.Add(Assembly.Load(name));
            }
            catch (FileNotFoundException)
            {
                // Not deployed beside this runner: notebooks that need it say so through #r.
            }
        }
        return list;
    }

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        var resolved = inner.ResolveReference(reference, baseFilePath, properties);
        return resolved.Select(r => Loaded(r) ?? r).ToImmutableArray();
    }

    static PortableExecutableReference? Loaded(PortableExecutableReference reference)
    {
        if (reference.FilePath is null) return null;
        var name = Path.GetFileNameWithoutExtension(reference.FilePath);
        if (!name.StartsWith("Workbench.", StringComparison.Ordinal)) return null;
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name && !a.IsDynamic && a.Location.Length > 0);
        return loaded is null ? null : MetadataReference.CreateFromFile(loaded.Location);
    }

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        inner.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is NotebookReferenceResolver r && r.baseDirectory == baseDirectory;

    public override int GetHashCode() => baseDirectory.GetHashCode();
}
