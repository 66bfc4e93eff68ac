using k8s;
using k8s.Models;
using PortLoad.Kubernetes;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Kubernetes;

/// <summary>No cluster is reachable here: the manifests are read back by KubernetesClient and checked field by field.</summary>
public class SegmentJobTests
{
    private const string Isolated = """
        { "name": "Big.Run_2", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40999], "tcpTwReuse": 0 },
          "load": [ { "inject": { "rate": 300, "during": "4s" } } ],
          "strategies": [ { "name": "per-request", "connections": "per-request" } ] }
        """;

    private static readonly DateTimeOffset StartAt = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static List<object> RoundTrip(SegmentJobOptions options, string json = Isolated) =>
        KubernetesYaml.LoadAllFromString(SegmentJob.Yaml(SegmentJob.Build(ScenarioJson.Parse(json), json, options)));

    [Test]
    public void Job_IsIndexed_OnePodPerSegment_EachRunningItsShareFromTheCommonStart()
    {
        var objects = RoundTrip(new SegmentJobOptions(3, "registry.example/portload:1", StartAt) { Namespace = "load" });

        var job = objects.OfType<V1Job>().Single();
        var pod = job.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.Name, Is.EqualTo("portload-big-run-2"));
            Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo("load"));
            Assert.That(job.Spec.CompletionMode, Is.EqualTo("Indexed"));
            Assert.That(job.Spec.Completions, Is.EqualTo(3));
            Assert.That(job.Spec.Parallelism, Is.EqualTo(3));
            Assert.That(pod.RestartPolicy, Is.EqualTo("Never"));
            Assert.That(container.Image, Is.EqualTo("registry.example/portload:1"));
            Assert.That(container.Args, Is.EqualTo(new[]
            {
                "run", "/scenario/scenario.json", "--segment", "$(JOB_COMPLETION_INDEX)/3", "--start-at=2026-12-02T10:00:00Z",
                "--no-live", "--in-namespace", "--out", "/results/portload-big-run-2/segment-$(JOB_COMPLETION_INDEX)",
            }));
            var index = container.Env.Single(e => e.Name == "JOB_COMPLETION_INDEX");
            Assert.That(index.ValueFrom.FieldRef.FieldPath, Is.EqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']"));
            Assert.That(container.VolumeMounts.Select(m => m.MountPath), Is.EquivalentTo(new[] { "/scenario", "/results" }));
            Assert.That(pod.Volumes.Single(v => v.Name == "scenario").ConfigMap.Name, Is.EqualTo("portload-big-run-2"));
            Assert.That(pod.Volumes.Single(v => v.Name == "results").PersistentVolumeClaim.ClaimName, Is.EqualTo("portload-big-run-2-results"));
            Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("1"));
            Assert.That(pod.SecurityContext.Sysctls.Select(s => (s.Name, s.Value)), Is.EquivalentTo(new[] { ("net.ipv4.ip_local_port_range", "40000 40999"), ("net.ipv4.tcp_tw_reuse", "0") }));
        });
    }

    [Test]
    public void ConfigMap_HoldsTheScenarioFile_AndAClaimIsMadeUnlessOneIsNamed()
    {
        var objects = RoundTrip(new SegmentJobOptions(2, "portload:latest", StartAt));
        var withClaim = RoundTrip(new SegmentJobOptions(2, "portload:latest", StartAt) { ResultsClaim = "shared" });

        Assert.That(objects.OfType<V1ConfigMap>().Single().Data["scenario.json"], Is.EqualTo(Isolated));
        Assert.That(objects.OfType<V1PersistentVolumeClaim>().Single().Spec.AccessModes, Is.EqualTo(new[] { "ReadWriteMany" }));
        Assert.That(withClaim.OfType<V1PersistentVolumeClaim>(), Is.Empty);
        Assert.That(withClaim.OfType<V1Job>().Single().Spec.Template.Spec.Volumes.Single(v => v.Name == "results").PersistentVolumeClaim.ClaimName, Is.EqualTo("shared"));
    }

    [Test]
    public void Otlp_EveryPodPushesThere_WithArgumentsRunAccepts()
    {
        var container = RoundTrip(new SegmentJobOptions(2, "portload:latest", StartAt) { Otlp = new Uri("http://otel-collector:4318") })
            .OfType<V1Job>().Single().Spec.Template.Spec.Containers.Single();
        // As Kubernetes expands them for the pod of index 0.
        var args = container.Args.Select(a => a.Replace("$(JOB_COMPLETION_INDEX)", "0", StringComparison.Ordinal)).ToArray();

        var parsed = PortLoad.Cli.Commands.RunCommand.Create().Parse(args[1..]);

        Assert.Multiple(() =>
        {
            Assert.That(args[^2..], Is.EqualTo(new[] { "--otlp", "http://otel-collector:4318/" }));
            Assert.That(parsed.Errors.Select(e => e.Message), Is.Empty);
        });
    }

    [Test]
    public void HostNamespaceScenario_HasNoSysctls()
    {
        var pod = RoundTrip(new SegmentJobOptions(1, "portload:latest", StartAt), ScenarioJson.Valid).OfType<V1Job>().Single().Spec.Template.Spec;

        Assert.That(pod.SecurityContext, Is.Null);
    }

    [TestCase("quickstart", "portload-quickstart")]
    [TestCase("--", "portload-scenario")]
    [TestCase("UPPER.case_name", "portload-upper-case-name")]
    public void ObjectName_IsDns1123(string scenario, string expected) =>
        Assert.That(SegmentJob.ObjectName(scenario), Is.EqualTo(expected));

    // Regression: --start-at was written as a bare 2026-12-02T10:00:00Z, which YAML 1.1 readers (PyYAML) take for a timestamp.
    [Test]
    public void Yaml_HasNoBareTimestamp_ForYaml11Readers()
    {
        var json = ScenarioJson.Valid;
        var yaml = SegmentJob.Yaml(SegmentJob.Build(ScenarioJson.Parse(json), json, new SegmentJobOptions(2, "portload:latest", StartAt)));

        Assert.That(yaml, Does.Contain("--start-at=2026-12-02T10:00:00Z"));
        Assert.That(yaml.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*(-\s+)?([\w.-]+:\s+)?[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]")), Is.Empty);
    }
}

/// <summary>The manifests' pods, stood in for by local processes exactly as a cluster would run them, merge to the whole load.</summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class SegmentJobStandInTests
{
    [Test]
    public async Task ThreePods_RunAsTheJobSays_MergeToTheWholeLoad()
    {
        Namespaces.RequireOrIgnore();
        if (Environment.UserName != "root")
        {
            Assert.Ignore("needs root: each stand-in pod gets a network namespace and sysctls of its own");
        }

        var root = Directory.CreateTempSubdirectory("portload-pods-").FullName;
        try
        {
            const string json = """
                { "name": "pods", "target": { "server": "embedded", "protocol": "tcp-echo" },
                  "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 44999], "tcpTwReuse": 0 },
                  "warmUp": null,
                  "load": [ { "inject": { "rate": 300, "during": "4s" } } ],
                  "strategies": [ { "name": "per-request", "connections": "per-request" }, { "name": "pooled", "connections": "pooled", "poolSize": 4 } ] }
                """;
            var objects = SegmentJob.Build(ScenarioJson.Parse(json), json, new SegmentJobOptions(3, "portload:latest", TimeProvider.System.GetUtcNow().AddSeconds(10)));
            var read = KubernetesYaml.LoadAllFromString(SegmentJob.Yaml(objects));

            await PodStandIn.RunAsync(read.OfType<V1Job>().Single(), read.OfType<V1ConfigMap>().Single(), root, TimeSpan.FromMinutes(2));

            var segments = Enumerable.Range(0, 3).Select(i => Path.Combine(root, "results", "portload-pods", $"segment-{i}")).ToArray();
            var merged = Path.Combine(root, "merged");
            var (code, output) = await CliProcess.RunAsync("", TimeSpan.FromMinutes(1), ["merge", .. segments, "--out", merged]);
            Assert.That(code, Is.Zero, output);
            var summary = PortLoad.Results.ResultsFolder.Read(merged).Summary;
            Assert.That(summary.MergedSegments, Is.EqualTo(3));
            Assert.That(summary.Strategies.Select(s => s.Requests.Attempted), Is.All.EqualTo(1200).Within(12), "300/s for 4 s, shared by three pods");
            Assert.That(summary.Strategies.Select(s => s.Requests.Failed), Is.All.Zero);
            Assert.That(summary.Strategies[0].Host.EphemeralPortRange.ToString(), Does.Contain("40000"), "the pod's sysctl was in force");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
