namespace PortLoad.Results;

/// <summary>&lt;strategy&gt;.latency.hgrm: one strategy's latency distribution as HdrHistogram writes it, for wrk2's and HdrHistogram's plotters.</summary>
public sealed class LatencyHgrmExporter(string strategy) : IResultExporter
{
    public string FileName => $"{strategy}.latency.hgrm";

    public void Export(ScenarioRun run, TextWriter writer) => writer.Write(run.LatencyHgrm[strategy]);
}
