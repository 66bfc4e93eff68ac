using System.Text.Json.Nodes;
using PortLoad.Cli;
using PortLoad.Reports;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>
/// Results folders damaged the ways hostile or broken hands damage them (a field nulled or out of its domain, a CSV
/// column doubled, a histogram truncated), through report, compare and merge: each ends in exit 0 or 2, never in
/// "a fault in PortLoad" (1): a verb that reads the damaged part refuses it with exit 2, naming the file, and the others
/// go through. None leaves a partial folder or temporary file behind.
/// </summary>
[NonParallelizable]
public class ResultsFolderFuzzTests
{
    private const string Summary = "summary.json";
    private const string Csv = "timeseries.csv";

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("portload-fuzz-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>Each damage: a name, and what it does to segment 0's folder.</summary>
    public static IEnumerable<TestCaseData> Damages()
    {
        const string All = "report compare merge";
        static TestCaseData Json(string name, Action<JsonObject> change, string refusedBy = All) => new TestCaseData(name, refusedBy, (Action<string>)(folder =>
        {
            var path = Path.Combine(folder, Summary);
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            change(json);
            File.WriteAllText(path, json.ToJsonString());
        })).SetArgDisplayNames(name);

        static TestCaseData Text(string name, string file, Func<string, string> change, string refusedBy = All) => new TestCaseData(name, refusedBy, (Action<string>)(folder =>
        {
            var path = Directory.GetFiles(folder, file).Single();
            File.WriteAllText(path, change(File.ReadAllText(path)));
        })).SetArgDisplayNames(name);

        static TestCaseData Delete(string name, string file, string refusedBy = All) => new TestCaseData(name, refusedBy, (Action<string>)(folder =>
            File.Delete(Directory.GetFiles(folder, file).Single()))).SetArgDisplayNames(name);

        JsonObject Strategy(JsonObject s) => s["strategies"]![0]!.AsObject();

        yield return Json("host null", s => Strategy(s)["host"] = null);
        yield return Json("requests null", s => Strategy(s)["requests"] = null);
        yield return Json("requests removed", s => Strategy(s).Remove("requests"));
        yield return Json("segment x", s => s["segment"] = "x");
        yield return Json("attempted at long.MaxValue", s => Strategy(s)["requests"]!["attempted"] = long.MaxValue);
        yield return Json("succeeded at long.MaxValue", s => Strategy(s)["requests"]!["succeeded"] = long.MaxValue);
        yield return Json("timeWait peak at long.MaxValue", s => Strategy(s)["timeWait"]!["peak"] = long.MaxValue);
        yield return Json("failures at long.MaxValue", s => Strategy(s)["requests"]!["failed"] = long.MaxValue);
        yield return Json("sampling interval past a day", s => s["samplingIntervalSeconds"] = 1e9);
        yield return Json("sampling interval negative", s => s["samplingIntervalSeconds"] = -1);
        yield return Json("strategies empty", s => s["strategies"] = new JsonArray());
        yield return Json("strategies null", s => s["strategies"] = null);
        yield return Json("strategy name empty", s => Strategy(s)["name"] = "");
        yield return Json("strategy name a path", s => Strategy(s)["name"] = "../../x");
        yield return Json("findings null", s => s["findings"] = null);
        yield return Json("startedAt garbage", s => s["startedAt"] = "yesterday");
        yield return Json("latency p99 negative", s => Strategy(s)["latencyMs"]!["p99"] = -5);
        yield return Json("latency p99 NaN text", s => Strategy(s)["latencyMs"]!["p99"] = "NaN");
        yield return Text("summary truncated", Summary, t => t[..(t.Length / 2)]);
        yield return Text("summary empty", Summary, _ => "");
        yield return Delete("summary missing", Summary);
        yield return Delete("timeseries missing", Csv);
        yield return Text("timeseries empty", Csv, _ => "");
        yield return Text("timeseries header only", Csv, t => t.Split('\n')[0] + "\n", refusedBy: "");
        yield return Text("timeseries column doubled", Csv, t => string.Join('\n', t.Split('\n').Select(l => l.Length == 0 ? l : l + "," + l.Split(',')[1])));
        yield return Text("timeseries t NaN", Csv, t => NthCell(t, "t", 2, "NaN"));
        yield return Text("timeseries t infinite", Csv, t => NthCell(t, "t", 2, "Infinity"));
        yield return Text("timeseries t negative", Csv, t => NthCell(t, "t", 2, "-3"));
        yield return Text("timeseries count garbage", Csv, t => NthCell(t, "succeeded", 2, "lots"));
        yield return Text("timeseries count negative", Csv, t => NthCell(t, "succeeded", 2, "-7"));
        yield return Text("timeseries count at long.MaxValue", Csv, t => NthCell(t, "succeeded", 2, long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return Text("timeseries row short", Csv, t => string.Join('\n', t.Split('\n').Select((l, i) => i == 1 ? l[..(l.Length / 3)] : l)));
        yield return Text("timeseries strategy unknown", Csv, t => NthCell(t, "strategy", 2, "nobody"));
        yield return Text("hlog empty", "*.latency.hlog", _ => "", refusedBy: "merge");
        yield return Text("hlog garbage", "*.latency.hlog", _ => "this is not a histogram\n1,2,3\n", refusedBy: "merge");
        yield return Text("hlog truncated", "*.latency.hlog", t => t[..(t.Length * 2 / 3)], refusedBy: "merge");
        yield return Text("hlog bad base64", "*.latency.hlog", t => string.Join('\n', t.Split('\n').Select(l => l.StartsWith('#') || l.StartsWith('"') || l.Length == 0 ? l : l[..^4] + "!!!!")), refusedBy: "merge");
        yield return Delete("hlog missing", "*.latency.hlog", refusedBy: "merge");
    }

    [TestCaseSource(nameof(Damages))]
    public async Task Damaged_Folder_IsRefusedWithExit2_NeverAFault_AndLeavesNothingHalfWritten(string name, string refusedBy, Action<string> damage)
    {
        var segments = Segments(2);
        damage(segments[0]);
        var outcomes = new Dictionary<string, int>();

        outcomes["report"] = await Program.Main(["report", segments[0]]);
        outcomes["compare"] = await Program.Main(["compare", .. segments, "--out", Path.Combine(_folder, "compared")]);
        outcomes["merge"] = await Program.Main(["merge", .. segments, "--out", Path.Combine(_folder, "merged")]);

        TestContext.Out.WriteLine($"{name}: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        static string Show(IEnumerable<KeyValuePair<string, int>> exits) => string.Join(", ", exits.Select(o => $"{o.Key} {o.Value}"));
        var expected = outcomes.Keys.ToDictionary(verb => verb, verb => refusedBy.Split(' ').Contains(verb) ? ExitCodes.InvalidInput : ExitCodes.Ok);
        Assert.That(Show(outcomes), Is.EqualTo(Show(expected)), $"{name}: exit 2 from {(refusedBy.Length == 0 ? "none" : refusedBy)}, 0 from the rest");
        Assert.That(Directory.GetFileSystemEntries(_folder, "*.partial-*"), Is.Empty, "a partial output folder left behind");
        Assert.That(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories), Is.Empty, "a temporary file left behind");
    }

    private static string NthCell(string csv, string column, int line, string value)
    {
        var lines = csv.Split('\n');
        var index = Array.IndexOf(lines[0].Split(','), column);
        var cells = lines[line - 1].Split(',');
        cells[index] = value;
        lines[line - 1] = string.Join(',', cells);
        return string.Join('\n', lines);
    }

    private string[] Segments(int count) => SegmentFolders.Write(_folder, count);
}
