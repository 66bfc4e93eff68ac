using System.Globalization;
using k8s;
using k8s.Models;
using PortLoad.Scenarios;

namespace PortLoad.Kubernetes;

/// <summary>
/// A scenario as Kubernetes runs it, split in segments: a ConfigMap holding the scenario file, an Indexed Job whose
/// N pods each run <c>portload run --segment $(JOB_COMPLETION_INDEX)/N --start-at T</c> into a shared volume, and
/// (unless an existing claim is named) that volume's claim. Built with KubernetesClient's typed models and written by
/// its YAML serializer. Each pod is its own network namespace: a scenario's range and tcp_tw_reuse become pod sysctls
/// (tcp_tw_reuse and somaxconn are "unsafe" sysctls a kubelet must allow), not a namespace PortLoad makes itself.
/// </summary>
public static class SegmentJob
{
    public const string ScenarioMount = "/scenario";
    public const string ResultsMount = "/results";
    public const string ScenarioFile = "scenario.json";
    public const string IndexVariable = "JOB_COMPLETION_INDEX";
    public const string IndexAnnotation = "batch.kubernetes.io/job-completion-index";

    /// <summary>The objects to apply, in order: the claim (when made here), the ConfigMap, the Job.</summary>
    /// <param name="scenarioJson">The scenario file's text, as the pods will read it.</param>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Build(Scenario scenario, string scenarioJson, SegmentJobOptions options)
    {
        var name = ObjectName(scenario.Name);
        var claim = options.ResultsClaim ?? name + "-results";
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "portload", ["portload/scenario"] = name };
        V1ObjectMeta Meta(string objectName) => new() { Name = objectName, NamespaceProperty = options.Namespace, Labels = labels };

        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        if (options.ResultsClaim is null)
        {
            objects.Add(new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = Meta(claim),
                Spec = new V1PersistentVolumeClaimSpec
                {
                    // Every pod writes its own folder into it at once.
                    AccessModes = ["ReadWriteMany"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            });
        }

        objects.Add(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Meta(name),
            Data = new Dictionary<string, string> { [ScenarioFile] = scenarioJson },
        });
        objects.Add(new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Meta(name),
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = options.Instances,
                Parallelism = options.Instances,
                // A failed segment is reported, not run again: a rerun would start late and skew the merge.
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        SecurityContext = Sysctls(scenario) is { Count: > 0 } sysctls ? new V1PodSecurityContext { Sysctls = sysctls } : null,
                        Containers = [Container(scenario, options, name)],
                        Volumes =
                        [
                            new V1Volume { Name = "scenario", ConfigMap = new V1ConfigMapVolumeSource { Name = name } },
                            new V1Volume { Name = "results", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } },
                        ],
                    },
                },
            },
        });
        return objects;
    }

    /// <summary>The objects as one multi-document YAML, ready for <c>kubectl apply -f -</c>.</summary>
    public static string Yaml(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        string.Concat(objects.Select((o, i) => (i == 0 ? "" : "---\n") + KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    private static V1Container Container(Scenario scenario, SegmentJobOptions options, string name) => new()
    {
        Name = "portload",
        Image = options.Image,
        Args = Arguments(options.Instances, options.StartAt, $"{ResultsMount}/{name}", options.Otlp),
        Env =
        [
            // Set from the pod's index annotation, so $(JOB_COMPLETION_INDEX) in the arguments is expanded by Kubernetes.
            new V1EnvVar { Name = IndexVariable, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{IndexAnnotation}']" } } },
        ],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(options.Cpu), ["memory"] = new(options.Memory) },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(options.Memory) },
        },
        VolumeMounts =
        [
            new V1VolumeMount { Name = "scenario", MountPath = ScenarioMount, ReadOnlyProperty = true },
            new V1VolumeMount { Name = "results", MountPath = ResultsMount },
        ],
    };

    /// <summary>
    /// The segment's command line: the pod's own namespace is the run's (--in-namespace), every pod starts at
    /// <paramref name="startAt"/>, given as one "--start-at=T" word: a bare T in YAML is a timestamp to YAML 1.1 readers
    /// (PyYAML, and so tools built on it), not the string the container must get. With <paramref name="otlp"/>, each pod
    /// pushes its figures there (tagged with its segment).
    /// </summary>
    public static IList<string> Arguments(int instances, DateTimeOffset startAt, string results, Uri? otlp = null) =>
    [
        "run", $"{ScenarioMount}/{ScenarioFile}",
        "--segment", string.Create(CultureInfo.InvariantCulture, $"$({IndexVariable})/{instances}"),
        "--start-at=" + startAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        "--no-live", "--in-namespace",
        "--out", $"{results}/segment-$({IndexVariable})",
        .. otlp is null ? Array.Empty<string>() : ["--otlp", otlp.ToString()],
    ];

    /// <summary>The scenario's namespace settings as pod sysctls (the pod's network namespace is the run's).</summary>
    private static List<V1Sysctl> Sysctls(Scenario scenario)
    {
        var sysctls = new List<V1Sysctl>();
        if (scenario.Network.EphemeralPortRange is { } range)
        {
            sysctls.Add(new V1Sysctl { Name = "net.ipv4.ip_local_port_range", Value = string.Create(CultureInfo.InvariantCulture, $"{range.Low} {range.High}") });
        }

        if (scenario.Network.TcpTwReuse is { } reuse)
        {
            sysctls.Add(new V1Sysctl { Name = "net.ipv4.tcp_tw_reuse", Value = reuse.ToString(CultureInfo.InvariantCulture) });
        }

        return sysctls;
    }

    /// <summary>A DNS-1123 name (lower case, digits, '-', at most 52 characters so the pods' suffixes fit) from the scenario's.</summary>
    public static string ObjectName(string scenario)
    {
        var chars = scenario.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var name = new string(chars).Trim('-');
        name = "portload-" + (name.Length == 0 ? "scenario" : name);
        return name.Length > 52 ? name[..52].TrimEnd('-') : name;
    }
}

/// <param name="Instances">Pods, and so segments: completions = parallelism.</param>
/// <param name="StartAt">When every segment starts its load: far enough ahead for the pods to be scheduled and pulled.</param>
/// <param name="ResultsClaim">An existing ReadWriteMany claim for the results; null: one is made, named after the scenario.</param>
public sealed record SegmentJobOptions(int Instances, string Image, DateTimeOffset StartAt)
{
    public string? Namespace { get; init; }

    public string? ResultsClaim { get; init; }

    public string Cpu { get; init; } = "1";

    public string Memory { get; init; } = "1Gi";

    /// <summary>An OTLP receiver every pod pushes its figures to (<c>run --otlp</c>); null: none.</summary>
    public Uri? Otlp { get; init; }
}
