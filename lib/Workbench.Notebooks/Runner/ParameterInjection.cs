using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Papermill's convention in C#: the cell tagged <c>parameters</c> declares the defaults; values given on
/// the command line go into a new cell tagged <c>injected-parameters</c> right after it, which assigns them
/// again. Each value is parsed as the type of the variable it replaces, so a typo fails before anything runs.
/// </summary>
public static class ParameterInjection
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>A variable of the parameters cell: its name and C# type keyword (int, long, double, float, bool, string).</summary>
    public sealed record Parameter(string Name, string? Type, bool IsConst = false);

    public static JsonObject? ParametersCell(NotebookDocument notebook) =>
        notebook.CellObjects.FirstOrDefault(c => NotebookDocument.CellType(c) == "code" && NotebookDocument.Tags(c).Contains(ParametersTag));

    /// <summary>The variables the parameters cell declares, in order; Type is null where it is not one we can parse into.</summary>
    public static IReadOnlyList<Parameter> Declared(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var result = new List<Parameter>();
        foreach (var member in tree.GetCompilationUnitRoot().Members)
        {
            (VariableDeclarationSyntax? declaration, bool isConst) = member switch
            {
                FieldDeclarationSyntax f => (f.Declaration, f.Modifiers.Any(SyntaxKind.ConstKeyword)),
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => (l.Declaration, l.IsConst),
                _ => (null, false),
            };
            if (declaration is null) continue;
            foreach (var v in declaration.Variables)
                result.Add(new Parameter(v.Identifier.ValueText, TypeOf(declaration.Type, v.Initializer?.Value), isConst));
        }
        return result;
    }

    static readonly string[] Supported = { "int", "long", "double", "float", "bool", "string" };

    static string? TypeOf(TypeSyntax type, ExpressionSyntax? initializer)
    {
        if (type is PredefinedTypeSyntax p) return Supported.Contains(p.Keyword.ValueText) ? p.Keyword.ValueText : null;
        if (!type.IsVar || initializer is null) return null;
        if (initializer is PrefixUnaryExpressionSyntax { RawKind: (int) SyntaxKind.UnaryMinusExpression } neg) initializer = neg.Operand;
        if (initializer is not LiteralExpressionSyntax literal) return null;
        return literal.Token.Value switch
        {
            int => "int",
            long => "long",
            double => "double",
            float => "float",
            bool => "bool",
            string => "string",
            _ => null,
        };
    }

    /// <summary>A command-line value as a C# literal of the given type.</summary>
    public static string ToLiteral(string name, string type, string value)
    {
        var inv = CultureInfo.InvariantCulture;
        string Fail() => throw new FormatException($"parameter '{name}' is a {type}; '{value}' is not a {type} value");
        switch (type)
        {
            case "string":
                return SymbolDisplay.FormatLiteral(value, quote: true);
            case "bool":
                return bool.TryParse(value, out var b) ? (b ? "true" : "false") : Fail();
            case "int":
                return int.TryParse(value, NumberStyles.AllowLeadingSign, inv, out var i) ? i.ToString(inv) : Fail();
            case "long":
                return long.TryParse(value, NumberStyles.AllowLeadingSign, inv, out var l) ? l.ToString(inv) + "L" : Fail();
            case "double":
            case "float":
            {
                bool isFloat = type == "float";
                if (!double.TryParse(value, NumberStyles.Float, inv, out var d)) return Fail();
                string prefix = isFloat ? "float" : "double";
                if (double.IsNaN(d)) return $"{prefix}.NaN";
                if (double.IsInfinity(d)) return d > 0 ? $"{prefix}.PositiveInfinity" : $"{prefix}.NegativeInfinity";
                if (isFloat && float.IsInfinity((float) d))
                    throw new FormatException($"parameter '{name}' is a float; '{value}' is outside a float's range (±{float.MaxValue.ToString("R", inv)})");
                var text = isFloat ? ((float) d).ToString("R", inv) : d.ToString("R", inv);
                return text + (isFloat ? "f" : text.Contains('.') || text.Contains('E') ? "" : ".0");
            }
            default:
                throw new ArgumentException($"parameter '{name}' has type {type}, which cannot be set from the command line");
        }
    }

    /// <summary>
    /// Puts the values into the notebook (replacing an earlier injected cell) and returns the parameters
    /// the notebook declares. Unknown names and unparsable values are errors naming the parameter.
    /// </summary>
    public static IReadOnlyList<Parameter> Apply(NotebookDocument notebook, IReadOnlyDictionary<string, string> values)
    {
        foreach (var old in notebook.CellObjects.Where(c => NotebookDocument.Tags(c).Contains(InjectedTag)).ToList())
            notebook.Cells.Remove(old);
        var cell = ParametersCell(notebook);
        if (cell is null)
        {
            if (values.Count > 0)
                throw new ArgumentException($"{notebook.Path ?? "notebook"} has no cell tagged '{ParametersTag}', so it takes no parameters (given: {string.Join(", ", values.Keys)})");
            return Array.Empty<Parameter>();
        }
        var declared = Declared(NotebookDocument.Source(cell));
        if (values.Count == 0) return declared;

        var code = new StringBuilder("// Parameters set by `workbench run -p`\n");
        foreach (var (name, value) in values)
        {
            var p = declared.FirstOrDefault(d => d.Name == name)
                    ?? throw new ArgumentException($"{notebook.Path ?? "notebook"} has no parameter '{name}'; its parameters cell declares: {string.Join(", ", declared.Select(d => d.Name))}");
            if (p.IsConst)
                throw new ArgumentException($"parameter '{name}' is declared const in the parameters cell, so it cannot be set; declare it without const");
            if (p.Type is null)
                throw new ArgumentException($"parameter '{name}' is not declared as int, long, double, float, bool or string (or var with such a literal), so it cannot be set from the command line");
            code.Append(name).Append(" = ").Append(ToLiteral(name, p.Type, value)).Append(";\n");
        }
        var injected = NotebookDocument.CodeCell(InjectedTag, code.ToString(), InjectedTag);
        notebook.Cells.Insert(notebook.Cells.IndexOf(cell) + 1, injected);
        return declared;
    }
}
