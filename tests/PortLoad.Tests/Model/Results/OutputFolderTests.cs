using PortLoad.Results;

namespace PortLoad.Tests.Results;

public class OutputFolderTests
{
    private string _parent = "";

    [SetUp]
    public void CreateParent() => _parent = Directory.CreateTempSubdirectory("portload-out-").FullName;

    [TearDown]
    public void DeleteParent() => Directory.Delete(_parent, recursive: true);

    // Regression: two runs sharing one --out ran all their load, then one failed in Directory.Move.
    [Test]
    public void Reserve_FolderAnotherRunHolds_IsRefused_ThenFreeOnceReleased()
    {
        var folder = Path.Combine(_parent, "run");
        var first = OutputFolder.Reserve(folder);

        var e = Assert.Throws<OutputFolderException>(() => OutputFolder.Reserve(folder));
        first.Dispose();
        using var again = OutputFolder.Reserve(folder);

        Assert.That(e!.Message, Does.StartWith("another PortLoad run is writing to"));
        Assert.That(again.Path, Is.EqualTo(folder));
    }

    [Test]
    public void Reserve_WrongPlaces_SayWhatIsWrong()
    {
        var file = Path.Combine(_parent, "a-file");
        File.WriteAllText(file, "x");
        var used = Directory.CreateDirectory(Path.Combine(_parent, "used")).FullName;
        File.WriteAllText(Path.Combine(used, "summary.json"), "{}");

        Assert.Multiple(() =>
        {
            Assert.That(() => OutputFolder.Reserve(""), Throws.TypeOf<OutputFolderException>().With.Message.Contains("empty name"));
            Assert.That(() => OutputFolder.Reserve(file), Throws.TypeOf<OutputFolderException>().With.Message.Contains("is a file"));
            Assert.That(() => OutputFolder.Reserve(used), Throws.TypeOf<OutputFolderException>().With.Message.Contains("already holds files"));
            Assert.That(() => OutputFolder.Reserve(Path.Combine(file, "below")), Throws.TypeOf<OutputFolderException>().With.Message.Contains("cannot write the results"));
        });
    }

    [Test]
    public void Write_FailsHalfWay_LeavesNoPartialFolder()
    {
        var failing = new ResultsWriter<string>([new Exporter("a.txt", w => w.Write("a")), new Exporter("b.txt", _ => throw new IOException("No space left on device"))]);

        Assert.Throws<IOException>(() => failing.Write("run", Path.Combine(_parent, "run")));
        Assert.That(Directory.GetFileSystemEntries(_parent), Is.Empty, "neither the folder nor its .partial-PID staging");
    }

    // Regression (#26, item 10): report rewrote an existing folder's files one by one, so a renderer failing half-way left new SVGs beside old reports.
    [Test]
    public void Write_IntoAnExistingFolder_FailsHalfWay_LeavesItsFilesAsTheyWere()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_parent, "run")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.txt"), "old a");
        File.WriteAllText(Path.Combine(folder, "b.txt"), "old b");
        var failing = new ResultsWriter<string>([new Exporter("a.txt", w => w.Write("new a")), new Exporter("b.txt", _ => throw new InvalidOperationException("renderer broke"))]);

        Assert.Throws<InvalidOperationException>(() => failing.Write("run", folder));

        Assert.That(File.ReadAllText(Path.Combine(folder, "a.txt")), Is.EqualTo("old a"), "a.txt rendered before the failure is not moved in");
        Assert.That(Directory.GetFileSystemEntries(folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a.txt", "b.txt" }), "nothing left beside them");
    }

    [Test]
    public void Write_IntoAnExistingFolder_ReplacesItsFiles()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_parent, "run")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.txt"), "old a");

        new ResultsWriter<string>([new Exporter("a.txt", w => w.Write("new a"))]).Write("run", folder);

        Assert.That(File.ReadAllText(Path.Combine(folder, "a.txt")), Is.EqualTo("new a"));
        Assert.That(Directory.GetFileSystemEntries(folder), Has.Length.EqualTo(1));
    }

    // Regression: a failed write threw away the whole run (a stack trace after all the load).
    [Test]
    public void Write_Fails_FallsBackToATemporaryFolder_AndSaysWhere()
    {
        var folder = Path.Combine(_parent, "run");
        using var output = OutputFolder.Reserve(folder);

        var (written, problem) = output.Write(new ResultsWriter<string>([new FailingIn(folder)]), "run");

        try
        {
            Assert.That(Directory.Exists(folder), Is.False);
            Assert.That(written, Does.StartWith(Path.Combine(Path.GetTempPath(), "portload-results")));
            Assert.That(File.ReadAllText(Path.Combine(written, "result.txt")), Is.EqualTo("written"));
            Assert.That(problem, Does.Contain("No space left on device").And.Contain(written));
        }
        finally
        {
            Directory.Delete(written, recursive: true);
        }
    }

    private sealed class Exporter(string fileName, Action<TextWriter> export) : ITextResultExporter<string>
    {
        public string FileName => fileName;

        public void Write(string result, TextWriter writer) => export(writer);
    }

    /// <summary>Fails inside <paramref name="failIn"/> (a full disk there), writes anywhere else.</summary>
    private sealed class FailingIn(string failIn) : ITextResultExporter<string>
    {
        public string FileName => "result.txt";

        public void Write(string result, TextWriter writer)
        {
            if (writer is StreamWriter { BaseStream: FileStream stream } && stream.Name.StartsWith(failIn, StringComparison.Ordinal))
            {
                throw new IOException("No space left on device");
            }

            writer.Write("written");
        }
    }
}
