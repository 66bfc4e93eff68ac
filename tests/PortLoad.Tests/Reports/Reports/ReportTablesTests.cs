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

    [Test]
    public void PredictionNote_SaysWhichPredictionsWerePricedWithTheirOwnCosts()
    {
        var run = SampleRuns.Create();
        var measured = run.Summary.Strategies[0];
        var own = new PortLoad.Results.Calibration(40, 120, 4_250) { FailedAttemptMicroseconds = 89.6 };
        var summary = run.Summary with { Strategies = [measured with { Predicted = measured with { Calibration = own } }] };

        Assert.That(ReportTables.PredictionNote(summary), Is.EqualTo(
            $"The simulator's prediction for the same scenario, on the settings that were in force; {measured.Name} priced with the connect() costs it measured itself (4250 ns per probed port, 89.6 µs per failed attempt)."));
        Assert.That(ReportTables.PredictionNote(run.Summary with { Strategies = [measured with { Predicted = measured with { Calibration = null } }] }),
            Is.EqualTo("The simulator's prediction for the same scenario, on the settings that were in force."), "an older summary's prediction claims nothing");
    }
}
