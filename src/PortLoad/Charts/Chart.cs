namespace PortLoad.Charts;

/// <summary>A line chart to render: series, reference lines and markers over two numeric axes.</summary>
public sealed record Chart
{
    public required string Title { get; init; }

    public required Axis X { get; init; }

    public required Axis Y { get; init; }

    public IReadOnlyList<Series> Series { get; init; } = [];

    /// <summary>Horizontal lines at a Y value, such as "ephemeral range" or "range / TIME_WAIT".</summary>
    public IReadOnlyList<ReferenceLine> ReferenceLines { get; init; } = [];

    /// <summary>Vertical marks at an X value, such as the first failure.</summary>
    public IReadOnlyList<Marker> Markers { get; init; } = [];
}

public enum AxisKind
{
    Number,

    /// <summary>Values are seconds; labels switch to minutes when the span is long.</summary>
    Time,
}

public sealed record Axis(string Label, AxisKind Kind = AxisKind.Number, double? Min = null, double? Max = null);

public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false, bool Stepped = false);

public sealed record ReferenceLine(double Y, string Label);

public sealed record Marker(double X, string Label);
