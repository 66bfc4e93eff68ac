using System.Diagnostics;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Reports;

/// <summary>One outline, three formats: report.html, report.md and report.pdf show the same parts in the same order.</summary>
public class ReportOutlineTests
{
    private const string PdfToText = "/usr/bin/pdftotext";

    private static ScenarioRun EndedEarly() => SampleRuns.Create() is var run
        ? run with { Summary = run.Summary with { Completed = false, Error = "strategy 'pooled' failed: disk full" } }
        : run;

    private static List<string> Headings(ScenarioRun run) =>
        [.. ReportOutline.For(run).OfType<ReportBlock.Heading>().Select(h => h.Text)];

    [Test]
    public void Html_ShowsTheOutlinesHeadingsInOrder_AndWhyTheRunEndedEarly()
    {
        var run = EndedEarly();
        var html = Text(new HtmlReportExporter(), run);

        Assert.That(InOrder(html, Headings(run).Select(h => $"<h2>{h}</h2>")), Is.True, html);
        Assert.That(html, Does.Contain("The run ended early: strategy &#39;pooled&#39; failed: disk full"));
    }

    [Test]
    public void Markdown_ShowsTheOutlinesHeadingsInOrder_AndWhyTheRunEndedEarly()
    {
        var run = EndedEarly();
        var markdown = Text(new MarkdownReportExporter(), run);

        Assert.That(InOrder(markdown, Headings(run).Select(h => $"\n## {h}\n\n")), Is.True, markdown);
        Assert.That(markdown, Does.Contain("The run ended early: strategy 'pooled' failed: disk full"));
        Assert.That(markdown, Does.Not.Contain("\n\n\n"), "one blank line between parts");
    }

    [Test]
    public void Pdf_ShowsTheOutlinesHeadingsInOrder_AndWhyTheRunEndedEarly()
    {
        if (!File.Exists(PdfToText))
        {
            Assert.Ignore($"needs {PdfToText} (apt-get install poppler-utils; .ci/run installs it)");
        }

        var run = EndedEarly();
        var folder = Directory.CreateTempSubdirectory("portload-outline-").FullName;
        try
        {
            var pdf = Path.Combine(folder, "report.pdf");
            using (var stream = File.Create(pdf))
            {
                new PdfReportExporter().Export(run, stream);
            }

            var text = PdfText(pdf);

            Assert.That(InOrder(text, Headings(run)), Is.True, text);
            Assert.That(text, Does.Contain("The run ended early"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Regression: report.md carried strategy names raw, so a tampered summary's name ran as HTML or a link where the
    // Markdown is rendered.
    [TestCase("<script>alert(1)</script>", "<script")]
    [TestCase("\"><img src=x onerror=alert(1)>", "<img")]
    [TestCase("[click](javascript:alert(1))", @"(?<!\\)\]\(javascript")]
    [TestCase("`code`", @"(?<!\\)`code")]
    public void Markdown_NamesFromTheRun_AreShownNotRun(string name, string unescaped)
    {
        var run = SampleRuns.Create();
        run = run with { Summary = run.Summary with { Description = name, Strategies = [.. run.Summary.Strategies.Select(s => s with { Name = name })] } };

        var markdown = Text(new MarkdownReportExporter(), run);

        Assert.That(System.Text.RegularExpressions.Regex.IsMatch(markdown, unescaped), Is.False, markdown);
        Assert.That(markdown, Does.Contain("&lt;").Or.Contain("\\[").Or.Contain("\\`"), "shown, escaped");
    }

    private static string Text(ITextResultExporter exporter, ScenarioRun run)
    {
        using var writer = new StringWriter();
        exporter.Write(run, writer);
        return writer.ToString();
    }

    private static bool InOrder(string text, IEnumerable<string> parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            at = text.IndexOf(part, at, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += part.Length;
        }

        return true;
    }

    private static string PdfText(string pdf)
    {
        var start = new ProcessStartInfo(PdfToText) { RedirectStandardOutput = true };
        start.ArgumentList.Add(pdf);
        start.ArgumentList.Add("-");
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "pdftotext failed");
        return text;
    }
}
