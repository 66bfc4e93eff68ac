using System.Diagnostics;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Architecture;

/// <summary>tools/layers.sh: the folders of src/PortLoad depend on each other one way only, as docs/architecture.md says.</summary>
public class LayersTests
{
    [Test]
    public void Layers_TheCode_HasNoCycleAndMatchesTheArchitectureDoc()
    {
        var (exit, output) = Layers(ScenarioJson.RepoRoot(), "--check", "docs/architecture.md");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("no cycle").And.Contain("docs/architecture.md matches"));
    }

    [Test]
    public void Layers_ACycleBetweenTwoFolders_FailsAndNamesThem()
    {
        var root = Directory.CreateTempSubdirectory("portload-layers-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "tools"));
            File.Copy(Path.Combine(ScenarioJson.RepoRoot(), "tools", "layers.sh"), Path.Combine(root, "tools", "layers.sh"));
            Write(root, "Scenarios/Scenario.cs", "using PortLoad.Runs;\nnamespace PortLoad.Scenarios;\npublic record Scenario(ScenarioRunner Runner);\n");
            Write(root, "Runs/ScenarioRunner.cs", "namespace PortLoad.Runs;\npublic class ScenarioRunner { Scenarios.Scenario? _last; }\n");

            var (exit, output) = Layers(root);

            Assert.That(exit, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("cycle").And.Contain("Runs").And.Contain("Scenarios"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, "src", "PortLoad.Model", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static (int Exit, string Output) Layers(string root, params string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("tools/layers.sh needs bash, GNU grep and tsort");
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "tools", "layers.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors);
    }
}
