namespace PortLoad.Charts;

/// <summary>
/// What a chart shows: series, reference lines and markers over two numeric axes. Reports and sweeps
/// build these from results; <see cref="Plots"/> turns one into an OxyPlot model, which OxyPlot exports.
/// </summary>
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

    /// <summary>A logarithmic axis: values over several orders of magnitude (time to exhaustion).</summary>
    Log,
}

public enum LineKind
{
    Solid,
    Dashed,
    Dotted,

    /// <summary>A filled grey band from zero: what is there but not the subject's (others' TIME_WAIT).</summary>
    Band,
}

public sealed record Axis(string Label, AxisKind Kind = AxisKind.Number, double? Min = null, double? Max = null);

/// <param name="Group">Series of one group share a colour (a strategy's achieved, predicted, retries); null: black.</param>
public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points, LineKind Line = LineKind.Solid, bool Stepped = false, string? Group = null);

public sealed record ReferenceLine(double Y, string Label);

public sealed record Marker(double X, string Label);
