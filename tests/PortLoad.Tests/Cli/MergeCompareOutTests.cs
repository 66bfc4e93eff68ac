using PortLoad.Cli;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>merge and compare reserve --out as run does: new or empty, never an input, nothing created when they refuse.</summary>
[NonParallelizable]
public class MergeCompareOutTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("portload-merge-out-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    // Regression: merge --out at one of its inputs overwrote that segment's raw data, exit 0.
    [TestCase("merge")]
    [TestCase("compare")]
    public async Task Out_AtAnInput_Exits2_AndLeavesTheInputAsItWas(string verb)
    {
        var segments = Segments(2);
        var before = await File.ReadAllTextAsync(Path.Combine(segments[0], "summary.json"));

        var code = await Program.Main([verb, .. segments, "--out", segments[0]]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(segments[0], "summary.json")), Is.EqualTo(before));
    }

    // Regression: merge or compare --out at a non-empty folder mixed their files into it, exit 0.
    [TestCase("merge")]
    [TestCase("compare")]
    public async Task Out_AtANonEmptyFolder_Exits2(string verb)
    {
        var other = Directory.CreateDirectory(Path.Combine(_folder, "other")).FullName;
        await File.WriteAllTextAsync(Path.Combine(other, "notes.txt"), "mine");

        var code = await Program.Main([verb, .. Segments(2), "--out", other]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(Directory.GetFiles(other).Select(Path.GetFileName), Is.EqualTo(new[] { "notes.txt" }));
    }

    // Regression: without --out, merge and compare wrote under ./results whatever appsettings' ResultsDirectory said.
    [TestCase("merge")]
    [TestCase("compare")]
    public async Task NoOut_WritesUnderTheSettingsResultsDirectory(string verb)
    {
        var root = Path.Combine(_folder, "configured-results");
        var segments = Segments(2);
        Environment.SetEnvironmentVariable("PORTLOAD__RESULTSDIRECTORY", root);
        int code;
        try
        {
            code = await Program.Main([verb, .. segments]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PORTLOAD__RESULTSDIRECTORY", null);
        }

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(Directory.GetDirectories(root).Select(d => File.Exists(Path.Combine(d, "report.html"))), Is.EqualTo(new[] { true }));
    }

    // Regression: --out '' ended in "a fault in PortLoad" (exit 1).
    [TestCase("merge", "")]
    [TestCase("compare", "")]
    [TestCase("merge", " ")]
    [TestCase("compare", "\n")]
    public async Task Out_Blank_Exits2_NamingIt(string verb, string output)
    {
        var (code, _, error) = await CliInProcess.MainAsync([verb, .. Segments(2), "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("--out: "));
    }

    // Regression: merge of segment 0 of 2 alone said "Merged 1 segments" and presented half the requests as the whole run.
    [Test]
    public async Task Merge_OfAnIncompleteSplit_IsRefused_UnlessPartial_ThenSaysSo()
    {
        var segments = Segments(2);
        var refused = Path.Combine(_folder, "refused");
        var partial = Path.Combine(_folder, "partial");

        var refusedCode = await Program.Main(["merge", segments[0], "--out", refused]);
        var partialCode = await Program.Main(["merge", segments[0], "--partial", "--out", partial]);

        Assert.That(refusedCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(Directory.Exists(refused), Is.False, "a refused merge creates nothing");
        Assert.That(partialCode, Is.EqualTo(ExitCodes.Ok));
        var summary = ResultsFolder.Read(partial).Summary;
        Assert.That(summary.Completed, Is.False);
        Assert.That(summary.Findings[0], Does.StartWith("A partial merge: 1 of 2 segments; 1/2 missing"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(partial, "report.md")), Does.Contain("A partial merge"));
    }

    [Test]
    public async Task Merge_ToANewFolder_WritesIt()
    {
        var output = Path.Combine(_folder, "merged");

        var code = await Program.Main(["merge", .. Segments(2), "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(ResultsFolder.Read(output).Summary.MergedSegments, Is.EqualTo(2));
        Assert.That(Directory.GetDirectories(_folder, "*.partial-*"), Is.Empty);
    }

    private string[] Segments(int count) => SegmentFolders.Write(_folder, count);
}
