using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// What <c>display(x)</c> returns: <see cref="Update"/> replaces that output in place (a progress line
/// that changes instead of piling up), in the saved notebook as in a live frontend.
/// </summary>
public sealed class DisplayHandle
{
    readonly CellOutputs outputs;
    readonly JsonObject? output;

    internal DisplayHandle(CellOutputs outputs, JsonObject? output)
    {
        this.outputs = outputs;
        this.output = output;
    }

    public void Update(object? value)
    {
        if (output is not null) outputs.Replace(output, value);
    }

    public override string ToString() => "";
}
