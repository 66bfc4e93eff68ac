using System.Diagnostics;
using PortLoad.Kubernetes;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Kubernetes;

/// <summary>
/// The manifests checked by a validator independent of the KubernetesClient that wrote them: npm's kubernetes-models
/// checks each object against the Kubernetes API's OpenAPI schema (types, required fields). Its packages are
/// installed by .ci/run (tools/k8s-validate, npm ci).
/// </summary>
public class ManifestSchemaTests
{
    private static readonly DateTimeOffset StartAt = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        if (!Directory.Exists(Path.Combine(Validator, "node_modules", "kubernetes-models")))
        {
            Assert.Ignore($"needs node and kubernetes-models: (cd {Validator} && npm ci), which .ci/run does");
        }

        _folder = Directory.CreateTempSubdirectory("portload-k8s-schema-").FullName;
    }

    [TearDown]
    public void DeleteFolder()
    {
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Validator => Path.Combine(ScenarioJson.RepoRoot(), "tools", "k8s-validate");

    [TestCase("quickstart.json", 1, null, null)]
    [TestCase("quickstart.json", 1000, "load", "shared-results")]
    [TestCase("beyond-65535.json", 12, "load-test", null)]
    public async Task Manifests_AreValidKubernetesObjects(string scenario, int instances, string? ns, string? claim)
    {
        var file = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", scenario);
        var json = await File.ReadAllTextAsync(file);
        var objects = SegmentJob.Build(ScenarioJson.Parse(json), json, new SegmentJobOptions(instances, "registry.example:5000/team/portload:0.3.0", StartAt)
        {
            Namespace = ns,
            ResultsClaim = claim,
            Cpu = "500m",
            Memory = "512Mi",
        });
        var manifests = Path.Combine(_folder, "manifests.yaml");
        await File.WriteAllTextAsync(manifests, SegmentJob.Yaml(objects));

        var (code, output) = await ValidateAsync(manifests);

        Assert.That(code, Is.Zero, output);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(objects.Count).And.All.EndsWith(": valid"), output);
    }

    [Test]
    public async Task Validator_RefusesAnObjectTheApiWould()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "quickstart.json"));
        var yaml = SegmentJob.Yaml(SegmentJob.Build(ScenarioJson.Parse(json), json, new SegmentJobOptions(3, "portload:latest", StartAt)));
        var manifests = Path.Combine(_folder, "broken.yaml");
        Assert.That(yaml, Does.Contain("completions: 3"));
        await File.WriteAllTextAsync(manifests, yaml.Replace("completions: 3", "completions: three", StringComparison.Ordinal));

        var (code, output) = await ValidateAsync(manifests);

        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("completions must be integer"));
    }

    private static async Task<(int Code, string Output)> ValidateAsync(string manifests)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Validator, "validate.mjs"));
        start.ArgumentList.Add(manifests);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(limit.Token);
        return (node.ExitCode, await output + await errors);
    }
}
