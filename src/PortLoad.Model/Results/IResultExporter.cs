using System.Text;

namespace PortLoad.Results;

/// <summary>
/// Writes one file of a results folder from <typeparamref name="T"/>, as BenchmarkDotNet's exporters do: a name and
/// one export method. <see cref="ResultsWriter{T}"/> owns where the file goes and that it is written whole.
/// </summary>
public interface IResultExporter<in T>
{
    string FileName { get; }

    void Export(T result, Stream stream);
}

/// <summary>A text file (JSON, CSV, SVG, HTML, Markdown): UTF-8 without a byte order mark; numbers always in the invariant culture.</summary>
public interface ITextResultExporter<in T> : IResultExporter<T>
{
    void Write(T result, TextWriter writer);

    void IResultExporter<T>.Export(T result, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        Write(result, writer);
    }
}

/// <summary>Writes one file of a run's results folder.</summary>
public interface IResultExporter : IResultExporter<ScenarioRun>;

/// <summary>Writes one text file of a run's results folder.</summary>
public interface ITextResultExporter : ITextResultExporter<ScenarioRun>, IResultExporter;
