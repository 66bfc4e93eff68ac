namespace PortLoad.Results;

/// <summary>Writes one file of a results folder from <typeparamref name="T"/>. Numbers are always written with the invariant culture.</summary>
public interface IResultExporter<in T>
{
    string FileName { get; }

    void Export(T result, TextWriter writer);
}

/// <summary>Writes a file that is not text (report.pdf): <see cref="ResultsWriter{T}"/> hands it the file's stream.</summary>
public interface IBinaryResultExporter<in T> : IResultExporter<T>
{
    void Export(T result, Stream stream);
}

/// <summary>Writes one file of a run's results folder.</summary>
public interface IResultExporter : IResultExporter<ScenarioRun>;
