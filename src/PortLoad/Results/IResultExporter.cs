using PortLoad.Runs;

namespace PortLoad.Results;

/// <summary>Writes one file of a results folder. Numbers are always written with the invariant culture.</summary>
public interface IResultExporter
{
    string FileName { get; }

    void Export(ScenarioRun run, TextWriter writer);
}
