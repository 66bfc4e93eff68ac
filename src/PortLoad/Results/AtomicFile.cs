using System.Text;

namespace PortLoad.Results;

/// <summary>A file written whole or not at all: written beside its place under a temporary name, then moved there.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
        {
            write(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
