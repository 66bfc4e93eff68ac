using System.Net;
using PortLoad.Captures;
using PortLoad.Sampling;

namespace PortLoad.Tests.Runtime.Captures;

/// <summary><c>diagnose --simulate</c>: an observed rate handed to the simulator runs out where range / rate says, or levels off at rate x TIME_WAIT.</summary>
public class CaptureForecastTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.0.0.4");
    private static readonly IPAddress Api = IPAddress.Parse("52.239.1.10");

    [Test]
    public void AboveRangeOverTimeWait_RunsOutWhenTheRangeIsInTimeWait()
    {
        var forecast = Forecast(CaptureFormat.Ss, newIn10Seconds: 10_000).Single();

        Assert.That((forecast.Destination, forecast.RatePerSecond, forecast.FirstFailureKind), Is.EqualTo(("52.239.1.10:443", 1000.0, (FailureKind?)FailureKind.EADDRNOTAVAIL)));
        Assert.That(forecast.FirstFailureSeconds, Is.EqualTo(28_232 / 1000.0).Within(1).Percent, "28,232 ports at 1,000 a second, each held 60 s");
    }

    [Test]
    public void BelowIt_LevelsOffAtRateTimesTimeWait()
    {
        var forecast = Forecast(CaptureFormat.Ss, newIn10Seconds: 3_000).Single();

        Assert.That(forecast.FirstFailureSeconds, Is.Null);
        Assert.That(forecast.TimeWaitPeak, Is.EqualTo(300 * 60).Within(1).Percent, "300 a second, each in TIME_WAIT 60 s");
    }

    [Test]
    public void Windows_ForecastsTheWholeHostsRate_OnItsSharedSpace()
    {
        var forecast = Forecast(CaptureFormat.NetstatWindows, newIn10Seconds: 2_000).Single();

        Assert.That((forecast.Destination, forecast.RatePerSecond), Is.EqualTo(("all destinations", 200.0)));
        Assert.That(forecast.FirstFailureSeconds, Is.EqualTo(16_384 / 200.0).Within(1).Percent, "Windows: 16,384 ports shared, TIME_WAIT 120 s");
    }

    private static IReadOnlyList<CaptureForecastRow> Forecast(CaptureFormat format, int newIn10Seconds)
    {
        var at = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        CaptureSnapshot[] snapshots = [new(at, Ports(0)), new(at.AddSeconds(10), Ports(newIn10Seconds))];
        var diagnosis = new CaptureDiagnosis(new Capture("test", format, snapshots, []) { TcpTwReuse = format == CaptureFormat.Ss ? 0 : null });
        return CaptureForecast.For(diagnosis, diagnosis.Diagnose(snapshots, top: 10)[^1]);
    }

    private static List<CapturedSocket> Ports(int count) =>
        [.. Enumerable.Range(1024, count).Select(p => new CapturedSocket(Client, p, Api, 443, TcpState.TimeWait))];
}
