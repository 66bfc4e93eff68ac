using FsCheck;
using FsCheck.Fluent;
using PortLoad.Charts;

namespace PortLoad.Tests.Charts;

public class TicksTests
{
    [TestCase(0, 1000, 6, new[] { 0.0, 200, 400, 600, 800, 1000 })]
    [TestCase(0, 15, 8, new[] { 0.0, 5, 10, 15 })]
    [TestCase(0, 28232, 6, new[] { 0.0, 10000, 20000 })]
    [TestCase(0.3, 0.9, 4, new[] { 0.4, 0.6, 0.8 })]
    public void Nice_UsesOneTwoFiveSteps(double min, double max, int count, double[] expected) =>
        Assert.That(Ticks.Nice(min, max, count), Is.EqualTo(expected).Within(1e-9));

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Nice_StepIsOneTwoOrFiveTimesAPowerOfTen(PositiveInt span, PositiveInt count)
    {
        var ticks = Ticks.Nice(0, span.Get, (count.Get % 12) + 2);
        if (ticks.Count < 2)
        {
            return true.ToProperty();
        }

        var step = ticks[1] - ticks[0];
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        return (new[] { 1.0, 2, 5, 10 }.Any(m => Math.Abs(m - mantissa) < 1e-6) && ticks.Count <= (count.Get % 12) + 3).ToProperty();
    }

    [TestCase(0, "0")]
    [TestCase(250, "250")]
    [TestCase(0.5, "0.5")]
    [TestCase(10_000, "10k")]
    [TestCase(15_000, "15k")]
    [TestCase(1_500_000, "1.5M")]
    public void Si_AbbreviatesLargeNumbers(double value, string expected) => Assert.That(Ticks.Si(value), Is.EqualTo(expected));

    [Test]
    [SetCulture("de-DE")]
    public void Si_CommaCulture_StillWritesAPoint() => Assert.That(Ticks.Si(1_500_000), Is.EqualTo("1.5M"));

    [TestCase(30, 60, "30s")]
    [TestCase(600, 3600, "10m")]
    [TestCase(90, 3600, "1.5m")]
    public void Time_SwitchesToMinutesOnLongAxes(double seconds, double span, string expected) =>
        Assert.That(Ticks.Time(seconds, span), Is.EqualTo(expected));
}
