using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Tests.Settings;

public class SettingsLoaderTests
{
    [Test]
    public void Load_RepoAppSettings_GivesTheShippedDefaults()
    {
        var settings = SettingsLoader.Load([TestSupport.ScenarioJson.RepoRoot()]);

        Assert.That(settings.SamplingInterval, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(settings.Limits.MaxRunDuration, Is.EqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(settings.Limits.AllowRemoteTargets, Is.False);
        Assert.That(settings.EpollSockets, Is.True);
    }

    [Test]
    public void Load_Overrides_WinOverTheFile()
    {
        var settings = SettingsLoader.Load([TestSupport.ScenarioJson.RepoRoot()], new Dictionary<string, string?>
        {
            ["PortLoad:MaxRate"] = "123",
            ["PortLoad:SamplingInterval"] = "1s",
            ["PortLoad:EpollSockets"] = "false",
        });

        Assert.That(settings.Limits.MaxRate, Is.EqualTo(123));
        Assert.That(settings.SamplingInterval, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(settings.EpollSockets, Is.False);
    }

    [Test]
    public void Load_EnvironmentVariable_OverridesTheFile()
    {
        Environment.SetEnvironmentVariable("PORTLOAD__MAXCONCURRENCY", "77");
        try
        {
            Assert.That(SettingsLoader.Load([TestSupport.ScenarioJson.RepoRoot()]).Limits.MaxConcurrency, Is.EqualTo(77));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PORTLOAD__MAXCONCURRENCY", null);
        }
    }

    [Test]
    public void Load_BadValues_AreAllReportedWithTheirKeys()
    {
        var e = Assert.Throws<ScenarioException>(() => SettingsLoader.Load([TestSupport.ScenarioJson.RepoRoot()], new Dictionary<string, string?>
        {
            ["PortLoad:MaxRate"] = "-1",
            ["PortLoad:SamplingInterval"] = "soon",
            ["PortLoad:AllowRemoteTargets"] = "maybe",
        }));

        Assert.That(e!.Errors.Select(x => x.Path), Is.EquivalentTo(new[] { "PortLoad:MaxRate", "PortLoad:SamplingInterval", "PortLoad:AllowRemoteTargets" }));
    }
}
