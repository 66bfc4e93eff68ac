using OxyPlot;

namespace PortLoad.Charts;

/// <summary>
/// How a chart is drawn: its size in user units, its type size, and the page it sits on. A report's chart is black on
/// white at 900x400; a projector's is light on a dark page, sized to its panel, with type a room reads.
/// </summary>
/// <param name="LegendBeside">The legend right of the plot, one item a row (where the drawing is wide); otherwise in rows
/// under it (above it, on a dark page), where the plot keeps the drawing's width.</param>
/// <param name="Legend">False: none, where the page around the chart names its lines in their colours.</param>
public sealed record ChartLook(int Width, int Height, double FontSize, bool Dark, bool LegendBeside = false, bool Legend = true)
{
    public static readonly ChartLook Report = new(900, 400, 12, Dark: false, LegendBeside: true);

    public OxyColor Text => Dark ? OxyColor.FromRgb(0xEE, 0xEE, 0xEE) : OxyColors.Black;

    public OxyColor Grid => Dark ? OxyColor.FromRgb(0x3A, 0x3A, 0x3A) : OxyColor.FromRgb(0xE5, 0xE5, 0xE5);

    public OxyColor Border => Dark ? OxyColor.FromRgb(0x88, 0x88, 0x88) : OxyColor.FromRgb(0x55, 0x55, 0x55);

    /// <summary>Reference lines (the port space): dark grey on white, light grey on dark.</summary>
    public OxyColor Reference => Dark ? OxyColor.FromRgb(0xCC, 0xCC, 0xCC) : OxyColor.FromRgb(0x44, 0x44, 0x44);

    /// <summary>Markers (the first failure): dark red on white; on dark, a red that stands out as much.</summary>
    public OxyColor Marker => Dark ? OxyColor.FromRgb(0xFF, 0x70, 0x60) : OxyColor.FromRgb(0xB0, 0x00, 0x00);

    /// <summary>Series without a group: black on white, white on dark.</summary>
    public OxyColor Ungrouped => Dark ? OxyColors.White : OxyColors.Black;

    /// <summary>
    /// Okabe-Ito, which colour-blind readers tell apart. On white without its yellow (too pale); on dark, the sky blue
    /// first and without the deep blue (too dark to see).
    /// </summary>
    public IReadOnlyList<OxyColor> Palette => Dark ? DarkPalette : Plots.Palette;

    private static readonly OxyColor[] DarkPalette =
    [
        OxyColor.FromRgb(0x56, 0xB4, 0xE9), OxyColor.FromRgb(0xE6, 0x9F, 0x00), OxyColor.FromRgb(0x00, 0x9E, 0x73),
        OxyColor.FromRgb(0xCC, 0x79, 0xA7), OxyColor.FromRgb(0xD5, 0x5E, 0x00), OxyColor.FromRgb(0xF0, 0xE4, 0x42),
    ];
}
