using System.Diagnostics;
using PortLoad.Reports;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Reports;

/// <summary>report.pdf, looked at the way a reader would: its pages rendered to images by poppler's pdftoppm.</summary>
public class PdfReportTests
{
    private const string PdfToPpm = "/usr/bin/pdftoppm";

    [Test]
    public void Pdf_PagesRenderWithTextTablesAndCharts()
    {
        if (!File.Exists(PdfToPpm))
        {
            Assert.Ignore($"needs {PdfToPpm} (apt-get install poppler-utils; .ci/run installs it)");
        }

        var folder = Directory.CreateTempSubdirectory("portload-pdf-").FullName;
        try
        {
            var pdf = Path.Combine(folder, "report.pdf");
            using (var stream = File.Create(pdf))
            {
                new PdfReportExporter().Export(SampleRuns.Create(), stream);
            }

            Run(PdfToPpm, "-r", "30", "-gray", pdf, Path.Combine(folder, "page"));
            var pages = Directory.GetFiles(folder, "page-*.pgm").Order().ToList();

            Assert.That(File.ReadAllText(pdf)[..5], Is.EqualTo("%PDF-"));
            Assert.That(pages, Has.Count.GreaterThanOrEqualTo(2), "facts, findings and tables, then four charts");
            Assert.That(pages.Select(InkShare), Has.All.GreaterThan(0.005), "every page has something on it");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The share of a binary PGM's pixels that are not white.</summary>
    private static double InkShare(string pgm)
    {
        var bytes = File.ReadAllBytes(pgm);
        // Header: "P5\n<width> <height>\n<max>\n", then one byte a pixel.
        var newlines = 0;
        var start = 0;
        while (newlines < 3)
        {
            newlines += bytes[start++] == '\n' ? 1 : 0;
        }

        var pixels = bytes.AsSpan(start);
        var ink = 0;
        foreach (var b in pixels)
        {
            ink += b < 200 ? 1 : 0;
        }

        return (double)ink / pixels.Length;
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error);
    }
}
