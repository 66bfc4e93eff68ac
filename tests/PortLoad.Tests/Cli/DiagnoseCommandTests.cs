using System.Text.Json;
using PortLoad.Cli;
using PortLoad.Tests.Runtime.Captures;

using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary><c>portload diagnose</c> end to end: its JSON, its exit codes for CI, and every refusal naming what to do.</summary>
[NonParallelizable]
public class DiagnoseCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("portload-diagnose-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Json_IsOneLineASnapshot_WithWatchsFields()
    {
        var (code, output, _) = await CliInProcess.MainAsync("diagnose", Write("w.txt", CaptureSamples.WindowsNetstat), "--json");

        using var line = JsonDocument.Parse(output.Trim());
        var busiest = line.RootElement.GetProperty("destinations")[0];
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(busiest.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
        {
            "source", "destination", "established", "timeWait", "other", "inUse", "portSpace", "usage", "newPerSecond", "secondsToExhaustion", "process",
        }));
        Assert.That((busiest.GetProperty("destination").GetString(), busiest.GetProperty("timeWait").GetInt64(), busiest.GetProperty("portSpace").GetInt64()), Is.EqualTo(("52.239.1.10:443", 2L, 16384L)));
        Assert.That(line.RootElement.GetProperty("system").GetString(), Is.EqualTo("windows"));
    }

    [TestCase("0.0001", ExitCodes.ThresholdsFailed)]
    [TestCase("0.5", ExitCodes.Ok)]
    public async Task FailAbove_Exits3WhenADestinationIsAbove(string limit, int expected)
    {
        var (code, _, errors) = await CliInProcess.MainAsync("diagnose", Write("m.txt", CaptureSamples.MacNetstat), "--fail-above", limit);

        Assert.That(code, Is.EqualTo(expected), errors);
    }

    [Test]
    public async Task SeveralFiles_WithInterval_AreASeries()
    {
        var first = Write("1.csv", CaptureSamples.PowerShellCsv);
        var second = Write("2.csv", CaptureSamples.PowerShellCsv.Replace("\"50003\"", "\"50009\"", StringComparison.Ordinal));

        var (code, output, errors) = await CliInProcess.MainAsync("diagnose", first, second, "--interval", "10s", "--json");

        var lines = output.Trim().Split('\n');
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.That((code, lines.Length), Is.EqualTo((ExitCodes.Ok, 2)), errors);
        Assert.That(last.RootElement.GetProperty("destinations")[0].GetProperty("newPerSecond").GetDouble(), Is.EqualTo(0.1), "one port new in 10 s");
    }

    [Test]
    public async Task Out_WritesTheReports_WithTheSeriesChart()
    {
        var first = Write("1.csv", CaptureSamples.PowerShellCsv);
        var second = Write("2.csv", CaptureSamples.PowerShellCsv.Replace("\"50003\"", "\"50009\"", StringComparison.Ordinal));
        var output = Path.Combine(_folder, "report");

        var (code, _, errors) = await CliInProcess.MainAsync("diagnose", first, second, "--interval", "10s", "--out", output, "--simulate");

        var markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(markdown, Does.Contain("## Findings").And.Contain("| 52.239.1.10:443 | 10.0.0.4 | 1 | 2 |").And.Contain("## Over time").And.Contain("![Client ports in use, by destination](ports-in-use.svg)"));
        Assert.That(html, Does.Contain("<svg").And.Contain("class=bar").And.Contain("52.239.1.10:443").And.Not.Contain("src=\"http").And.Not.Contain("href=\"http"), "nothing fetched from elsewhere");
        Assert.That(File.ReadAllText(Path.Combine(output, "ports-in-use.svg")), Does.Contain("52.239.1.10:443"));
        Assert.That(markdown, Does.Contain("Simulated, had it gone on: all destinations at 0.1 new connections/s").And.Contain("![Simulated TIME_WAIT](simulated.svg)"));
        Assert.That(File.Exists(Path.Combine(output, "simulated.svg")), Is.True);
    }

    [Test]
    public async Task Out_AFolderThatHoldsFiles_IsRefused()
    {
        var output = Directory.CreateDirectory(Path.Combine(_folder, "taken")).FullName;
        File.WriteAllText(Path.Combine(output, "mine.txt"), "keep");

        var (code, _, errors) = await CliInProcess.MainAsync("diagnose", Write("w.txt", CaptureSamples.WindowsNetstat), "--out", output);

        Assert.That((code, File.ReadAllText(Path.Combine(output, "mine.txt"))), Is.EqualTo((ExitCodes.InvalidInput, "keep")));
        Assert.That(errors, Does.Contain("already holds files"));
    }

    [Test]
    public async Task Refusals_Exit2_NamingTheFileOrWhatIsMissing()
    {
        var empty = Write("empty.txt", "");
        var windows = Write("w.txt", CaptureSamples.WindowsNetstat);
        var mac = Write("m.txt", CaptureSamples.MacNetstat);

        var cases = new (string[] Args, string Expected)[]
        {
            (["diagnose", empty], $"{empty}: empty"),
            (["diagnose", Path.Combine(_folder, "none.txt")], "none.txt: no such file"),
            (["diagnose", windows, mac, "--interval", "1s"], "different systems"),
            (["diagnose", windows, windows], "give --interval"),
            (["diagnose", windows, "--range", "5-2"], "--range: \"5-2\" is not LOW-HIGH"),
            (["diagnose", windows, "--format", "sss"], "sss"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, errors) = await CliInProcess.MainAsync(args);

            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), string.Join(' ', args));
            Assert.That(errors, Does.Contain(expected), string.Join(' ', args));
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
