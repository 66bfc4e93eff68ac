using PortLoad.Reports;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Reports;

public class ReportTablesTests
{
    [Test]
    public void Facts_StrategiesInTheirOwnNamespace_ShowTheSettingsTheyHad()
    {
        var run = SampleRuns.Create();
        var summary = run.Summary with
        {
            Host = run.Summary.Host with { EphemeralPortRange = new PortRange(32768, 60999), TcpTwReuse = 2 },
        };

        var facts = ReportTables.Facts(summary).ToDictionary(f => f.Label, f => f.Value);

        Assert.That(facts["ephemeral port range"], Is.EqualTo("40000-40099 (100 ports)"), "the namespace's range, not the host's");
        Assert.That(facts["tcp_tw_reuse"], Is.EqualTo("0"));
    }
}
