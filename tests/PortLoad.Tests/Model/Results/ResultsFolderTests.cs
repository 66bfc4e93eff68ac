using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Results;

public class ResultsFolderTests
{
    // Regression: report, compare and merge named the JSON path of a malformed summary.json but not the file.
    [Test]
    public void Read_MalformedSummary_NamesTheFileAndThePath()
    {
        var folder = Directory.CreateTempSubdirectory("portload-folder-").FullName;
        try
        {
            ResultExporters.Writer.Write(SampleRuns.Create(), folder);
            var summary = Path.Combine(folder, "summary.json");
            File.WriteAllText(summary, File.ReadAllText(summary).Replace("\"completed\": true", "\"completed\": \"yes\"", StringComparison.Ordinal));

            var error = Assert.Throws<InvalidDataException>(() => ResultsFolder.Read(folder));

            Assert.That(error!.Message, Does.StartWith($"{summary}: ").And.Contain("$.completed"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Regression: report showed a tampered summary's negative port range ("-32769--61000") without complaint.
    [TestCase("\"low\": [0-9]+", "\"low\": -32769", "ephemeralPortRange: [-32769, ")]
    [TestCase("\"attempted\": [0-9]+", "\"attempted\": -5", "requests.attempted: -5 is no count a run writes")]
    public void Read_ValuesOutOfTheirDomain_AreAnInputErrorNamingThem(string find, string replace, string message)
    {
        var folder = Directory.CreateTempSubdirectory("portload-folder-").FullName;
        try
        {
            ResultExporters.Writer.Write(SampleRuns.Create(), folder);
            var summary = Path.Combine(folder, "summary.json");
            var text = File.ReadAllText(summary);
            var field = new System.Text.RegularExpressions.Regex(find);
            Assert.That(field.IsMatch(text), Is.True, "the sample has the field to tamper with");
            File.WriteAllText(summary, field.Replace(text, replace, 1));

            var error = Assert.Throws<InvalidDataException>(() => ResultsFolder.Read(folder));

            Assert.That(error!.Message, Does.StartWith($"{summary}: ").And.Contain(message));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Regression: a failed write left report.html.tmp beside the file it was to replace.
    [Test]
    public void AtomicWrite_ThatFails_LeavesTheFileAsItWas_AndNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("portload-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "report.html");
            File.WriteAllText(path, "before");

            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, (TextWriter writer) =>
            {
                writer.Write("half");
                throw new InvalidOperationException("a renderer failed");
            }));

            Assert.That(File.ReadAllText(path), Is.EqualTo("before"));
            Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EqualTo(new[] { "report.html" }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
