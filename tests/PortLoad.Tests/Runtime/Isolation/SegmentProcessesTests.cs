using PortLoad.Isolation;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Isolation;

/// <summary>Segments on this machine are started exactly as a pod starts one: the same run command line, one process each.</summary>
public class SegmentProcessesTests
{
    private static readonly DateTimeOffset StartAt = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void CommandLine_OnItsOwn_IsTheRunVerbOfTheProgramTheUserStarted()
    {
        var (program, arguments) = SegmentProcesses.CommandLine(new ChildCommand("dotnet", ["/opt/portload/portload.dll"]), null, "s.json", new Segment(1, 3), StartAt, "out/segment-1");

        Assert.That(program, Is.EqualTo("dotnet"));
        Assert.That(arguments, Is.EqualTo(new[]
        {
            "/opt/portload/portload.dll", "run", "s.json", "--segment", "1/3", "--start-at", "2026-12-03T10:00:00.0000000+00:00", "--no-live", "--out", "out/segment-1", SegmentProcesses.StopWithParentOption,
        }));
    }

    [Test]
    public void CommandLine_InASharedNamespace_EntersItAndSaysSo()
    {
        var (program, arguments) = SegmentProcesses.CommandLine(new ChildCommand("/usr/local/bin/portload", []), "/proc/42/ns/net", "s.json", new Segment(0, 2), StartAt, "o");

        Assert.That(program, Is.EqualTo("nsenter"));
        Assert.That(arguments.Take(3), Is.EqualTo(new[] { "--net=/proc/42/ns/net", "--", "/usr/local/bin/portload" }));
        Assert.That(arguments[^1], Is.EqualTo(SegmentProcesses.InNamespaceOption));
    }

    [Test]
    public async Task RunAsync_StartsOneProcessPerSegment_LogsItsOutput_AndReportsEachInOrder()
    {
        if (!File.Exists("/bin/echo"))
        {
            Assert.Ignore("needs /bin/echo");
        }

        var folder = Directory.CreateTempSubdirectory("portload-segments-").FullName;
        try
        {
            var told = new List<SegmentProcesses.Ended>();

            // echo stands in for portload: it prints the command line it was given and exits 0, writing no results.
            var ended = await SegmentProcesses.RunAsync(new ChildCommand("/bin/echo", []), null, "s.json", 3, StartAt, folder, told.Add, CancellationToken.None);

            Assert.That(ended.Select(e => e.Segment), Is.EqualTo(new[] { new Segment(0, 3), new Segment(1, 3), new Segment(2, 3) }));
            Assert.That(told, Is.EqualTo(ended));
            Assert.That(ended.Select(e => (e.ExitCode, e.Wrote)), Is.All.EqualTo((0, false)));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "segment-2.log")), Does.Contain("run s.json --segment 2/3"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
