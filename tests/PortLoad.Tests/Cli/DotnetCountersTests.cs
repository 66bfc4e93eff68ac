using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>
/// #22: <c>dotnet-counters</c> (the repository's tool manifest pins it; <c>dotnet tool restore</c>) shows the run's Meter
/// with nothing else, on an isolated run (workshop 01), whose strategies run in child processes. Those must not inherit
/// the suspended diagnostic port portload was started with, or the run waits forever at its first strategy. The port is
/// the one README's <c>dotnet-counters ... -- portload run</c> gives it, set by the test, so that portload's own output
/// reaches the test rather than the tool.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class DotnetCountersTests
{
    [Test]
    public async Task DotnetCounters_ShowsTheMeter_AsTheSummarySaysIt()
    {
        Namespaces.RequireOrIgnore();
        if (!await ToolRestoredAsync())
        {
            Assert.Ignore("needs dotnet-counters: run 'dotnet tool restore' in the repository (.ci/run does)");
        }

        var folder = Directory.CreateTempSubdirectory("portload-counters-").FullName;
        var csv = Path.Combine(folder, "counters.csv");
        var output = Path.Combine(folder, "results");
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "workshop", "01-pooling-vs-per-request.json");
        try
        {
            // The tool listens on a diagnostic port and portload, started by the test, connects to it suspended, as
            // `dotnet-counters collect -- portload ...` starts it; started by the tool, portload's output went to the
            // tool, which never showed it (and once, in CI, nothing came back at all: dotnet/diagnostics#1900).
            var port = Path.Combine(folder, "counters.sock");
            using var counters = Process.Start(CliProcess.Tool("dotnet-counters", "collect", "--counters", "PortLoad", "--refresh-interval", "1", "--format", "csv", "-o", csv, "--diagnostic-port", port))!;
            string printed;
            int code;
            try
            {
                var tool = CliProcess.FinishAsync(counters, TimeSpan.FromSeconds(180));
                Assert.That(await Eventually.ValueAsync(() => File.Exists(port), listening => listening, TimeSpan.FromSeconds(60)), Is.True, "dotnet-counters listens on its diagnostic port");
                (code, printed) = await CliProcess.RunAsync($"export DOTNET_DiagnosticPorts={CliProcess.Quote(port)}", TimeSpan.FromSeconds(150), "run", scenario, "--no-live", "--out", output);
                var (_, toolPrinted) = await tool;
                printed += toolPrinted;
            }
            finally
            {
                // Whatever failed, the tool does not outlive the test.
                if (!counters.HasExited)
                {
                    counters.Kill(entireProcessTree: true);
                }
            }

            Assert.That(code, Is.Not.EqualTo(2).And.Not.EqualTo(1), printed);
            Assert.That(csv, Does.Exist, printed);

            var rows = File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Where(f => f.Length == 5 && f[1] == "PortLoad").ToList();
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
            var perRequest = summary.RootElement.GetProperty("strategies")[0];
            double[] Values(string instrument, params string[] attributes) =>
                [.. rows.Where(r => r[2].StartsWith(instrument + " ", StringComparison.Ordinal) || r[2].StartsWith(instrument + "[", StringComparison.Ordinal))
                    .Where(r => attributes.All(a => r[2].Contains(a, StringComparison.Ordinal)))
                    .Select(r => double.Parse(r[4], CultureInfo.InvariantCulture))];

            var timeWait = Values("portload.ports.in_use", "state=time_wait", "strategy=per-request");
            var refused = Values("portload.requests", "failure=EADDRNOTAVAIL", "strategy=per-request");
            TestContext.Out.WriteLine($"dotnet-counters: {rows.Count} rows; TIME_WAIT peak {timeWait.DefaultIfEmpty().Max()}; EADDRNOTAVAIL {refused.Sum()} a second, added up");
            Assert.Multiple(() =>
            {
                Assert.That(
                    new[] { "portload.requests", "portload.connections.opened", "portload.ports.in_use", "portload.port_space", "portload.offered_rate", "portload.request.duration" }.Where(i => Values(i).Length == 0),
                    Is.Empty,
                    "every instrument shown");
                Assert.That(timeWait.Max(), Is.EqualTo(perRequest.GetProperty("timeWait").GetProperty("peak").GetInt64()), "the 500-port plateau lasts seconds: a 1 s refresh sees it");
                Assert.That(refused.Sum(), Is.GreaterThan(0).And.LessThanOrEqualTo(perRequest.GetProperty("failures").GetProperty("EADDRNOTAVAIL").GetInt64()), "rates a second, up to the last refresh");
                Assert.That(Values("portload.port_space", "strategy=per-request").Distinct(), Is.EqualTo(new[] { 500.0 }));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> ToolRestoredAsync() =>
        (await CliProcess.RunToolAsync("dotnet-counters", "--version")).Code is { } code
            ? code == 0
            : throw new TimeoutException("'dotnet tool run dotnet-counters -- --version' did not end within a minute");
}
