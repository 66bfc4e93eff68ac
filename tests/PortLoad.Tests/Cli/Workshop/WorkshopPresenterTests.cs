using System.Net;
using System.Net.Sockets;
using PortLoad.Cli.Workshop;
using PortLoad.Isolation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli.Workshop;

/// <summary>
/// The presenter's moves, with each step's run played by a real child process that only waits (a shell's sleep) and
/// its page by a real listener: where each key lands, and that a step's process ends when the presenter moves on.
/// </summary>
public class WorkshopPresenterTests
{
    private const string Sleep = "59.123";

    private static readonly WorkshopStep[] Steps =
    [
        new("1. One", "run", "one.json", ""), new("2. Two", "run", "two.json", ""), new("3. Three", "run", "three.json", ""),
    ];

    [Test]
    public async Task Moves_QuickPressesGoAStepEach_AndTheEndsStayPut()
    {
        using var page = new TcpListener(IPAddress.Loopback, 0);
        page.Start();
        var results = Path.Combine(Path.GetTempPath(), "portload-presenter-" + Guid.NewGuid().ToString("N"));
        // A duration of its own, to find this test's processes among the machine's.
        var sleeper = new ChildCommand("/bin/sh", ["-c", $"exec sleep {Sleep}", "sh"]);
        var seen = new List<(int Step, string Status)>();
        try
        {
            await using (var presenter = new WorkshopPresenter(Steps, ".", results, ((IPEndPoint)page.LocalEndpoint).Port, sleeper))
            {
                presenter.Changed += s => seen.Add((s.Index + 1, s.Status));

                await presenter.PreviousAsync(); // before any step: nothing
                await presenter.GoAsync(0);
                await Task.WhenAll(presenter.NextAsync(), presenter.NextAsync(), presenter.NextAsync());
                await presenter.PreviousAsync();
                await presenter.RunAgainAsync();

                Assert.Multiple(() =>
                {
                    Assert.That(seen.Where(s => s.Status == WorkshopState.Running).Select(s => s.Step), Is.EqualTo(new[] { 1, 2, 3, 2, 2 }), "the third press at the last step stays");
                    Assert.That(presenter.State!.Live, Does.StartWith("http://127.0.0.1:"));
                    Assert.That(Directory.GetFiles(results, "*.log").Select(Path.GetFileName), Is.EquivalentTo(new[]
                    {
                        "one-run1.log", "two-run2.log", "three-run3.log", "two-run4.log", "two-run5.log",
                    }), "each run its own folder's log, earlier runs kept");
                });
            }

            Assert.That(Sleepers(), Is.Zero, "every step's process ended with the presenter");
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    private static int Sleepers() =>
        System.Diagnostics.Process.GetProcessesByName("sleep").Count(p => File.ReadAllText($"/proc/{p.Id}/cmdline").Split('\0').Contains(Sleep));
}
