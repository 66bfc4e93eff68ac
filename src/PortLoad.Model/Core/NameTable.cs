namespace PortLoad;

/// <summary>
/// The names one enum goes by in scenario files, summary.json and timeseries.csv, both ways: a value
/// crosses the JSON/CSV boundary through exactly one of these tables.
/// </summary>
public sealed class NameTable<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<T, string> _byValue = [];

    public NameTable(params (string Name, T Value)[] entries)
    {
        foreach (var (name, value) in entries)
        {
            _byName.Add(name, value);
            _byValue.Add(value, name);
        }
    }

    /// <summary>The names, in the order given: what a message lists as allowed.</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    public string this[T value] => _byValue[value];

    public bool TryParse(string name, out T value) => _byName.TryGetValue(name, out value);

    /// <summary>"\"x\" is not allowed; did you mean \"y\"? allowed: a, b, c": the message for a name not in the table.</summary>
    public string NotAllowed(string name, string what = "is not allowed") => NearestName.NotAllowed(name, _byName.Keys, what);
}
