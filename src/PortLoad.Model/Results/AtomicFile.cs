using System.Text;

namespace PortLoad.Results;

/// <summary>A file written whole or not at all: written beside its place under a temporary name, then moved there.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write) =>
        Write(path, (Stream stream) =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            write(writer);
        });

    public static void Write(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A failed write leaves the file as it was and nothing beside it that a reader could take for results.
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // What cannot be deleted is at least named .tmp.
            }

            throw;
        }
    }
}
