namespace PortLoad.Results;

/// <summary>
/// The folder a run's results go to, checked and reserved before any load, so a run is never lost to an
/// output that was wrong from the start: an empty name, a file in the way, a folder that already holds
/// files, a place that cannot be written, another run writing there. A write that still fails at the end
/// (a full disk) falls back to a folder under the system's temporary folder, and says so.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _lockPath;

    private OutputFolder(string path, FileStream lockFile, string lockPath)
    {
        Path = path;
        _lock = lockFile;
        _lockPath = lockPath;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Checks <paramref name="folder"/> and holds it until disposed; <see cref="OutputFolderException"/> says what is wrong.</summary>
    /// <summary>The folder's full path; an <see cref="OutputFolderException"/> when it is a blank name.</summary>
    public static string FullPath(string folder) => string.IsNullOrWhiteSpace(folder)
        ? throw new OutputFolderException("the results folder is an empty name; give one such as results/my-run")
        : System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar);

    public static OutputFolder Reserve(string folder)
    {
        var full = FullPath(folder);
        if (File.Exists(full))
        {
            throw new OutputFolderException($"{full} is a file; give a folder for the results");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new OutputFolderException($"{full} already holds files; give a new folder (or remove that one) so two runs' results never mix");
        }

        var lockPath = full + ".lock";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            // FileShare.None takes an advisory lock (flock on Linux): a second run on the same folder is refused,
            // and a lock file left by a killed run does not block the next one.
            var lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new OutputFolder(full, lockFile, lockPath);
        }
        catch (IOException e) when (File.Exists(lockPath) && IsHeld(e))
        {
            throw new OutputFolderException($"another PortLoad run is writing to {full}; give each run a folder of its own");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"cannot write the results to {full}: {e.Message}");
        }
    }

    /// <summary>
    /// Writes the results into this folder, or, when that fails, into a fresh folder under the system's temporary
    /// folder; <c>Problem</c> then says why and where they went instead.
    /// </summary>
    public (string Written, string? Problem) Write<T>(ResultsWriter<T> writer, T result)
    {
        try
        {
            return (writer.Write(result, Path), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var fallback = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portload-results", $"{System.IO.Path.GetFileName(Path)}-{Environment.ProcessId}");
            var written = writer.Write(result, fallback);
            return (written, $"could not write the results to {Path} ({e.Message}); they are in {written} instead");
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        try
        {
            File.Delete(_lockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A lock file left behind blocks nothing: the lock is the open file, not the file.
        }
    }

    // EWOULDBLOCK from flock: another process holds the lock.
    private static bool IsHeld(IOException e) => e.HResult == 11 || e.Message.Contains("used by another process", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The results folder cannot be used; the message says why and what to do.</summary>
public sealed class OutputFolderException(string message) : Exception(message);
