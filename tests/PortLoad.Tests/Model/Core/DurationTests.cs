namespace PortLoad.Tests.Core;

public class DurationTests
{
    [TestCase("500ms", 0.5)]
    [TestCase("10s", 10)]
    [TestCase("2m", 120)]
    [TestCase("1h", 3600)]
    [TestCase("1.5s", 1.5)]
    [TestCase(" 3s ", 3)]
    public void TryParse_Valid_GivesSeconds(string text, double seconds)
    {
        Assert.That(Duration.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("")]
    [TestCase("10")]
    [TestCase("s")]
    [TestCase("1,5s")]
    [TestCase("-1s")]
    [TestCase("1 s")]
    [TestCase("ten seconds")]
    [TestCase("1d")]
    public void TryParse_Invalid_Fails(string text) => Assert.That(Duration.TryParse(text, out _), Is.False);

    // Regression: "1000000000000s" overflowed TimeSpan and crashed the parser; it is a duration, longer than any limit.
    [Test]
    public void TryParse_BeyondTimeSpan_IsTheLongestDuration()
    {
        Assert.That(Duration.TryParse("1000000000000s", out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.MaxValue));
    }

    [Test]
    [SetCulture("de-DE")]
    public void TryParse_CommaCulture_StillUsesDecimalPoint()
    {
        Assert.That(Duration.TryParse("1.5s", out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
        Assert.That(Duration.Format(TimeSpan.FromMilliseconds(2500)), Is.EqualTo("2.5s"));
    }
}
