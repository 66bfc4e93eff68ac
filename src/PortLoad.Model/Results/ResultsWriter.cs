using System.Globalization;

namespace PortLoad.Results;

/// <summary>
/// Writes a results folder atomically: a new folder is filled under a temporary name and renamed when
/// complete; files in an existing folder are each replaced whole. <typeparamref name="T"/> is what the
/// folder holds (a run, a sweep).
/// </summary>
/// <param name="perResult">Files whose number and names depend on the result (one per strategy).</param>
public sealed class ResultsWriter<T>(IReadOnlyList<IResultExporter<T>> exporters, Func<T, IEnumerable<IResultExporter<T>>>? perResult = null)
{
    public IReadOnlyList<IResultExporter<T>> Exporters => exporters;

    /// <summary>Writes every file into <paramref name="folder"/>; returns its full path.</summary>
    public string Write(T result, string folder)
    {
        var final = Path.GetFullPath(folder);
        if (Directory.Exists(final))
        {
            Replace(result, final);
            return final;
        }

        var staging = $"{final}.partial-{Environment.ProcessId}";
        try
        {
            Directory.CreateDirectory(staging);
            WriteAll(result, staging);
            Directory.Move(staging, final);
            return final;
        }
        catch
        {
            // Never leave a half-written folder behind, looking like a run's results.
            DeleteQuietly(staging);
            throw;
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What cannot be deleted is at least named .partial-PID.
        }
    }

    /// <summary>
    /// Files of an existing folder replaced all or none: every file is rendered first, beside them in a hidden folder,
    /// and only then moved in, so a renderer failing half-way leaves the folder's files as they were, not a mix.
    /// </summary>
    private void Replace(T result, string folder)
    {
        var staging = Path.Combine(folder, $".writing-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(staging);
            WriteAll(result, staging);
            foreach (var file in Directory.GetFiles(staging))
            {
                File.Move(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
            }
        }
        finally
        {
            DeleteQuietly(staging);
        }
    }

    private void WriteAll(T result, string folder)
    {
        foreach (var exporter in exporters.Concat(perResult?.Invoke(result) ?? []))
        {
            AtomicFile.Write(Path.Combine(folder, exporter.FileName), (Stream stream) => exporter.Export(result, stream));
        }
    }
}

/// <summary>Where results folders go by default.</summary>
public static class ResultsFolders
{
    /// <summary>&lt;results&gt;/&lt;name&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;.</summary>
    public static string Default(string resultsRoot, string name, DateTimeOffset startedAt) =>
        Path.Combine(resultsRoot, $"{name}-{startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
}
