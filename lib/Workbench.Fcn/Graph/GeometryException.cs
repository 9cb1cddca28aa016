namespace Workbench.Fcn.Graph;

/// <summary>The layer geometry does not work out: a crop that does not align, an input too small.</summary>
public sealed class GeometryException(string message) : Exception(message);
