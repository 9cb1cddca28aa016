using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Workbench.Notebooks.Display;

/// <summary>Turns any value a notebook shows into a MIME bundle.</summary>
public static class Formatter
{
    public static IReadOnlyDictionary<string, string> ToMimeBundle(object? value)
    {
        switch (value)
        {
            case null:
                return Plain("null");
            case IDisplayable displayable:
                return displayable.ToMimeBundle();
        }
        // A workbench assembly loaded a second time (another path, another load context) has its own
        // IDisplayable type; its objects still know how to show themselves.
        var method = value.GetType().GetMethod(nameof(IDisplayable.ToMimeBundle), BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (method?.Invoke(value, null) is IEnumerable<KeyValuePair<string, string>> bundle)
            return bundle.ToDictionary(kv => kv.Key, kv => kv.Value);
        return Plain(ToPlainText(value));
    }

    static Dictionary<string, string> Plain(string text) => new() { [MimeTypes.Plain] = text };

    /// <summary>Plain text for a value: numbers invariant, short collections listed.</summary>
    public static string ToPlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary dict => ListOf(dict.Cast<DictionaryEntry>().Select(e => $"[{ToPlainText(e.Key)}] = {ToPlainText(e.Value)}"), dict.GetType()),
        IEnumerable items when value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object) || value is Array =>
            ListOf(items.Cast<object?>().Select(ToPlainText), value.GetType()),
        _ => value.ToString() ?? "",
    };

    static string ListOf(IEnumerable<string> items, Type type)
    {
        const int limit = 20;
        var shown = items.Take(limit + 1).ToList();
        var more = shown.Count > limit ? ", …" : "";
        return $"{TypeName(type)} {{ {string.Join(", ", shown.Take(limit))}{more} }}";
    }

    static string TypeName(Type t) => t.IsArray ? TypeName(t.GetElementType()!) + "[]"
        : t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>"
        : t.Name;
}
