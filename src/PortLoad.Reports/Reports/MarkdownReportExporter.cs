using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>report.md: the same findings and tables as report.html, with the SVG charts linked, for a pull request or a wiki.</summary>
public sealed class MarkdownReportExporter : ITextResultExporter
{
    public string FileName => "report.md";

    public void Write(ScenarioRun run, TextWriter writer)
    {
        // Every heading, note and list stands apart from what came before by a blank line.
        var apart = true;
        void Apart()
        {
            if (!apart)
            {
                writer.Write("\n");
            }
        }

        foreach (var block in ReportOutline.For(run))
        {
            switch (block)
            {
                case ReportBlock.Title title:
                    writer.Write(title.Description.Length == 0 ? $"# {Text(title.Text)}\n\n" : $"# {Text(title.Text)}\n\n{Text(title.Description)}\n\n");
                    apart = true;
                    break;
                case ReportBlock.Facts facts:
                    Table(writer, [["", ""], .. facts.Rows.Select(f => (IReadOnlyList<string>)[f.Label, f.Value])]);
                    apart = false;
                    break;
                case ReportBlock.Heading heading:
                    Apart();
                    writer.Write($"## {Text(heading.Text)}\n\n");
                    apart = true;
                    break;
                case ReportBlock.Findings findings:
                    foreach (var finding in findings.Items)
                    {
                        writer.Write($"- {Text(finding)}\n");
                    }

                    if (findings.EndedEarly is { } ended)
                    {
                        writer.Write($"\n{Text(ended)}\n");
                    }

                    apart = false;
                    break;
                case ReportBlock.Note note:
                    writer.Write($"{Text(note.Text)}\n\n");
                    apart = true;
                    break;
                case ReportBlock.Table table:
                    Table(writer, table.Rows);
                    apart = false;
                    break;
                case ReportBlock.Charts charts:
                    foreach (var chart in charts.Files)
                    {
                        writer.Write($"![{Path.GetFileNameWithoutExtension(chart.FileName)}]({chart.FileName})\n\n");
                    }

                    apart = true;
                    break;
            }
        }
    }

    private static void Table(TextWriter writer, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        writer.Write($"| {string.Join(" | ", rows[0].Select(Cell))} |\n|{string.Concat(rows[0].Select(_ => " --- |"))}\n");
        foreach (var row in rows.Skip(1))
        {
            writer.Write($"| {string.Join(" | ", row.Select(Cell))} |\n");
        }
    }

    private static string Cell(string text) => Text(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>
    /// Text from a run (a strategy's or a folder's name, a finding) as Markdown that shows it and does nothing else:
    /// no inline HTML (&lt;script&gt;, an img with onerror), no link or image, no code span. Emphasis marks are left,
    /// as they can only emphasise (and tcp_tw_reuse reads better unescaped).
    /// </summary>
    private static string Text(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '[' or ']' or '`' or '\\' => "\\" + c,
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
