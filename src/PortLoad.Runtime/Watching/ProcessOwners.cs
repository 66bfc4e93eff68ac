using System.Globalization;

namespace PortLoad.Watching;

/// <summary>Which process holds a socket, as <c>ss -p</c> finds out: the socket's inode in the /proc/PID/fd links.</summary>
public static class ProcessOwners
{
    /// <summary>Every socket inode to "name (pid)", for the processes this user may look into.</summary>
    public static Dictionary<uint, string> Read(string procRoot = "/proc")
    {
        var owners = new Dictionary<uint, string>();
        foreach (var dir in SafeList(() => Directory.EnumerateDirectories(procRoot)))
        {
            var pid = Path.GetFileName(dir);
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            string? name = null;
            foreach (var fd in SafeList(() => Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd"))))
            {
                var target = SafeRead(() => new FileInfo(fd).LinkTarget);
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && uint.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                {
                    name ??= $"{SafeRead(() => File.ReadAllText(Path.Combine(dir, "comm")).Trim()) ?? "?"} ({pid})";
                    owners[inode] = name;
                }
            }
        }

        return owners;
    }

    /// <summary>The owner of most of <paramref name="inodes"/>; null when none is known.</summary>
    public static string? MostOf(IEnumerable<uint> inodes, IReadOnlyDictionary<uint, string> owners) =>
        inodes.Select(i => owners.GetValueOrDefault(i)).Where(o => o is not null).GroupBy(o => o).MaxBy(g => g.Count())?.Key;

    // Processes come and go while /proc is read, and other users' are closed to us: both are normal.
    private static IEnumerable<string> SafeList(Func<IEnumerable<string>> list)
    {
        try
        {
            return list().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? SafeRead(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
