using PortLoad.Reports;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Tests.TestSupport;

/// <summary>Results folders of a split run, for the verbs that read them (merge, compare, report).</summary>
public static class SegmentFolders
{
    /// <summary>A small scenario simulated as <paramref name="count"/> segments, each written as its results folder segment-i in <paramref name="parent"/>.</summary>
    public static string[] Write(string parent, int count)
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid, ScenarioLimits.Simulation);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var segment = new Segment(i, count);
            var run = ScenarioSimulator.Run(segment.Of(scenario), TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch);
            var folder = Path.Combine(parent, $"segment-{i}");
            ResultExporters.Writer.Write(run with { Summary = run.Summary with { Segment = segment } }, folder);
            return folder;
        })];
    }
}
