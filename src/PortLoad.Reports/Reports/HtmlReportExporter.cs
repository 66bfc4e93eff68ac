using PortLoad.Charts;
using System.Net;
using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>report.html: one self-contained page (charts inline, no scripts, nothing fetched) that opens in any browser.</summary>
public sealed class HtmlReportExporter : ITextResultExporter
{
    private const string Style = """
        body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 0.5em 0; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
        td:first-child, th:first-child { text-align: left; } .facts td { text-align: left; }
        .finding { background: #fff8e1; border-left: 4px solid #f0a500; padding: 6px 10px; margin: 6px 0; }
        figure { margin: 1em 0; } svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        """;

    public string FileName => "report.html";

    public void Write(ScenarioRun run, TextWriter writer)
    {
        var scenario = run.Summary.Scenario;
        writer.Write($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>PortLoad: {E(scenario)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");
        foreach (var block in ReportOutline.For(run))
        {
            switch (block)
            {
                case ReportBlock.Title title:
                    writer.Write($"<h1>{E(title.Text)}</h1>\n<p>{E(title.Description)}</p>\n");
                    break;
                case ReportBlock.Facts facts:
                    writer.Write("<table class=\"facts\">\n");
                    foreach (var (label, value) in facts.Rows)
                    {
                        writer.Write($"<tr><td>{E(label)}</td><td>{E(value)}</td></tr>\n");
                    }

                    writer.Write("</table>\n");
                    break;
                case ReportBlock.Heading heading:
                    writer.Write($"<h2>{E(heading.Text)}</h2>\n");
                    break;
                case ReportBlock.Findings findings:
                    writer.Write("<section id=\"findings\">\n");
                    foreach (var finding in findings.Items.Append(findings.EndedEarly).OfType<string>())
                    {
                        writer.Write($"<p class=\"finding\">{E(finding)}</p>\n");
                    }

                    writer.Write("</section>\n");
                    break;
                case ReportBlock.Note note:
                    writer.Write($"<p>{E(note.Text)}</p>\n");
                    break;
                case ReportBlock.Table table:
                    Table(writer, table.Rows, table.Id);
                    break;
                case ReportBlock.Charts charts:
                    foreach (var chart in charts.Files)
                    {
                        writer.Write($"<figure class=\"chart\" id=\"{E(Path.GetFileNameWithoutExtension(chart.FileName))}\">\n");
                        writer.Write(Plots.Svg(chart.Build(run), document: false));
                        writer.Write("</figure>\n");
                    }

                    break;
            }
        }

        writer.Write("</body>\n</html>\n");
    }

    private static void Table(TextWriter writer, IReadOnlyList<IReadOnlyList<string>> rows, string id)
    {
        writer.Write($"<table id=\"{id}\">\n<tr>{string.Concat(rows[0].Select(c => $"<th>{E(c)}</th>"))}</tr>\n");
        foreach (var row in rows.Skip(1))
        {
            writer.Write($"<tr>{string.Concat(row.Select(c => $"<td>{E(c)}</td>"))}</tr>\n");
        }

        writer.Write("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
