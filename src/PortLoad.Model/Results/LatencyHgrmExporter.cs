namespace PortLoad.Results;

/// <summary>&lt;strategy&gt;.latency.hgrm: one strategy's latency distribution as HdrHistogram writes it, for wrk2's and HdrHistogram's plotters.</summary>
public sealed class LatencyHgrmExporter(string strategy) : ITextResultExporter
{
    public string FileName => $"{strategy}.latency.hgrm";

    public void Write(ScenarioRun run, TextWriter writer) => writer.Write(run.LatencyHgrm[strategy]);
}

/// <summary>&lt;strategy&gt;.latency.hlog: the histogram itself (HdrHistogram's log format), from which <c>portload merge</c> adds segments exactly.</summary>
public sealed class LatencyLogExporter(string strategy) : ITextResultExporter
{
    public const string Suffix = ".latency.hlog";

    public string FileName => strategy + Suffix;

    public void Write(ScenarioRun run, TextWriter writer) => writer.Write(run.LatencyLog[strategy]);
}
