using System.Globalization;

namespace PortLoad;

/// <summary>Text for files and reports: numbers always in the invariant culture, whatever the machine's.</summary>
public static class Invariant
{
    public static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
