using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbench.Notebooks.Runner;
using static Workbench.Notebooks.Tests.TestNotebook;

namespace Workbench.Notebooks.Tests;

public class ParameterTests
{
    const string Defaults = "var scale = \"smoke\";\nint steps = 3;\ndouble lr = 0.1;\nbool fast = false;\nlong big = 1;\nvar ratio = -0.5;";

    [Fact]
    public void Values_are_injected_after_the_parameters_cell_with_their_types()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("params", ("// defaults\n" + Defaults, new[] { "parameters" }),
            ("$\"{scale}|{steps + 1}|{lr * 2}|{!fast}|{big}|{ratio}\"", Array.Empty<string>()));
        var r = NotebookRunner.Run(path, new RunOptions
        {
            Parameters = new Dictionary<string, string>
            {
                ["scale"] = "small \"quoted\"", ["steps"] = "7", ["lr"] = "1e-3", ["fast"] = "true", ["big"] = "5000000000", ["ratio"] = "2",
            },
        });
        Assert.True(r.Succeeded, r.Failure?.Message);
        var cells = CodeCells(r);
        Assert.Equal(3, cells.Length);
        Assert.Equal(new[] { "injected-parameters" }, NotebookDocument.Tags(cells[1]));
        Assert.Equal("small \"quoted\"|8|0.002|False|5000000000|2", Plain(Outputs(cells[2])[0]));
        Assert.Equal("small \"quoted\"", (string?) r.Parameters["scale"]);
        Assert.Equal(7, (int) r.Parameters["steps"]!);
        Assert.Equal(5000000000L, (long) r.Parameters["big"]!);
    }

    [Fact]
    public void Without_values_the_defaults_are_recorded_and_nothing_is_injected()
    {
        using var nb = new TestNotebook();
        var r = NotebookRunner.Run(nb.Write("defaults", (Defaults, new[] { "parameters" })));
        Assert.Single(CodeCells(r));
        Assert.Equal("smoke", (string?) r.Parameters["scale"]);
        Assert.Equal(-0.5, (double) r.Parameters["ratio"]!);
    }

    [Fact]
    public void Running_an_executed_notebook_again_replaces_its_injected_cell()
    {
        using var nb = new TestNotebook();
        var first = Path.Combine(nb.Directory, "first.ipynb");
        NotebookRunner.Run(nb.Write("again", (Defaults, new[] { "parameters" }), ("steps", Array.Empty<string>())),
            new RunOptions { Parameters = new Dictionary<string, string> { ["steps"] = "5" }, OutputPath = first });
        var r = NotebookRunner.Run(first, new RunOptions { Parameters = new Dictionary<string, string> { ["steps"] = "9" } });
        var cells = CodeCells(r);
        Assert.Single(cells, c => NotebookDocument.Tags(c).Contains("injected-parameters"));
        Assert.Equal("9", Plain(Outputs(cells[^1])[0]));
    }

    [Fact]
    public void Unknown_names_and_bad_values_are_errors_naming_the_parameter()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("bad", (Defaults, new[] { "parameters" }));
        var unknown = Assert.Throws<ArgumentException>(() => NotebookRunner.Run(path, new RunOptions { Parameters = new Dictionary<string, string> { ["sclae"] = "x" } }));
        Assert.Contains("'sclae'", unknown.Message);
        Assert.Contains("scale, steps", unknown.Message);
        var bad = Assert.Throws<FormatException>(() => NotebookRunner.Run(path, new RunOptions { Parameters = new Dictionary<string, string> { ["steps"] = "3.5" } }));
        Assert.Contains("'steps' is a int", bad.Message);
        var none = nb.Write("none", "1");
        Assert.Throws<ArgumentException>(() => NotebookRunner.Run(none, new RunOptions { Parameters = new Dictionary<string, string> { ["a"] = "1" } }));
    }

    [Fact]
    public void Declared_finds_types_of_explicit_and_var_declarations()
    {
        var declared = ParameterInjection.Declared(Defaults + "\nstring[] names = { \"a\" };\nvar f = 1.5f;");
        Assert.Equal(new[] { "scale", "steps", "lr", "fast", "big", "ratio", "names", "f" }, declared.Select(d => d.Name));
        Assert.Equal(new[] { "string", "int", "double", "bool", "long", "double", null, "float" }, declared.Select(d => d.Type));
    }

    static object? LiteralValue(string literal)
    {
        var expression = SyntaxFactory.ParseExpression(literal);
        if (expression is PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax neg })
            return neg.Token.Value switch { double d => -d, float f => -f, int i => -i, long l => -l, _ => null };
        return ((LiteralExpressionSyntax) expression).Token.Value;
    }

    [Fact]
    public void Any_string_round_trips_through_its_literal()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), s =>
            (string?) LiteralValue(ParameterInjection.ToLiteral("p", "string", s.Get)) == s.Get).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_finite_double_round_trips_through_its_literal()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NormalFloat>(), d =>
        {
            var text = d.Get.ToString("R", CultureInfo.InvariantCulture);
            return Equals(LiteralValue(ParameterInjection.ToLiteral("p", "double", text)), d.Get);
        }).QuickCheckThrowOnFailure();
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), v =>
            LiteralValue(ParameterInjection.ToLiteral("p", "long", v.ToString(CultureInfo.InvariantCulture))) is long l && l == v).QuickCheckThrowOnFailure();
    }
}
