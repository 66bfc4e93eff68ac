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
}
