using System.Globalization;
using System.Xml.Linq;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Reports;

/// <summary>
/// The thresholds as JUnit XML, the format CI systems (GitHub Actions, GitLab, Jenkins, Azure Pipelines) show as
/// tests: one test suite per run, one test case per threshold and strategy, a failure where it did not hold.
/// </summary>
public static class JUnitReport
{
    public static void Write(RunSummary summary, TextWriter writer)
    {
        var failed = summary.Thresholds.Count(t => !t.Passed);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"portload {summary.Scenario} ({Names.Modes[summary.Mode]})"),
            new XAttribute("tests", summary.Thresholds.Count),
            new XAttribute("failures", failed),
            new XAttribute("errors", 0),
            new XAttribute("timestamp", summary.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            summary.Thresholds.Select(t => new XElement("testcase",
                new XAttribute("classname", $"portload.{summary.Scenario}.{t.Strategy}"),
                new XAttribute("name", t.Bound),
                t.Passed ? null : new XElement("failure",
                    new XAttribute("message", Invariant.Format($"{t.Metric} was {t.Value}")),
                    Invariant.Format($"{t.Bound}: the run measured {t.Value}")))));
        new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).Save(writer);
        writer.Write('\n');
    }
}
