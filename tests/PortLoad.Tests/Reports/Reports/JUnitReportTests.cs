using System.Xml.Linq;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Reports;

public class JUnitReportTests
{
    [Test]
    [SetCulture("de-DE")]
    public void Write_OneTestCasePerVerdict_FailuresWhereABoundBroke()
    {
        var summary = SampleRuns.Create().Summary with
        {
            Thresholds =
            [
                new ThresholdResult("per-request", "failures.EADDRNOTAVAIL", null, 0, 12, Passed: false),
                new ThresholdResult("per-request", "latencyMs.p99", null, 2.5, 0.125, Passed: true),
            ],
        };
        var text = new StringWriter();

        JUnitReport.Write(summary, text);

        var suite = XDocument.Parse(text.ToString()).Root!.Element("testsuite")!;
        Assert.That((suite.Attribute("tests")!.Value, suite.Attribute("failures")!.Value), Is.EqualTo(("2", "1")));
        var cases = suite.Elements("testcase").ToList();
        Assert.That(cases.Select(c => c.Attribute("name")!.Value), Is.EqualTo(new[] { "per-request: failures.EADDRNOTAVAIL <= 0", "per-request: latencyMs.p99 <= 2.5" }));
        Assert.That(cases[0].Element("failure")!.Attribute("message")!.Value, Is.EqualTo("failures.EADDRNOTAVAIL was 12"));
        Assert.That(cases[1].Element("failure"), Is.Null);
    }
}
