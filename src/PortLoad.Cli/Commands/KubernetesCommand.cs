using System.CommandLine;
using PortLoad.Kubernetes;
using PortLoad.Runs;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload k8s SCENARIO --instances N</c>: the manifests that run a scenario as N segments in an Indexed Job.</summary>
internal static class KubernetesCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file, e.g. scenarios/quickstart.json" };
        var instances = CliOptions.Between(new Option<int>("--instances") { Description = "Pods, each running one segment of the load (1-1000)", Required = true }, 1, 1000);
        var image = CliOptions.Checked(new Option<string>("--image") { Description = "The PortLoad image (built from the Dockerfile)", DefaultValueFactory = _ => "portload:latest" }, KubernetesNames.Image);
        var ns = CliOptions.Checked(new Option<string?>("--namespace") { Description = "The Kubernetes namespace of the objects (default: kubectl's)" }, KubernetesNames.Label);
        var output = CliOptions.Checked(new Option<string?>("--out") { Description = "Write one file per object to this folder instead of one YAML stream to standard output" }, OutFolderProblem);
        var startAt = CliOptions.StartAt("When every pod starts its load, UTC, at most a day ahead (default: 2 minutes from now, time to schedule and pull)");
        var claim = CliOptions.Checked(new Option<string?>("--results-claim") { Description = "An existing ReadWriteMany PersistentVolumeClaim for the results (default: one is made)" }, KubernetesNames.Subdomain);
        var cpu = CliOptions.Checked(new Option<string>("--cpu") { Description = "CPU each pod requests (a quantity: 500m, 2)", DefaultValueFactory = _ => "1" }, KubernetesNames.Quantity);
        var memory = CliOptions.Checked(new Option<string>("--memory") { Description = "Memory each pod requests and may use (a quantity: 512Mi, 1Gi)", DefaultValueFactory = _ => "1Gi" }, KubernetesNames.Quantity);
        var otlp = CliOptions.Checked(new Option<string?>("--otlp") { Description = "Each pod pushes its figures to this OTLP/HTTP receiver (run --otlp), e.g. http://otel-collector:4318" }, MetricsPush.Problem);
        var command = new Command("k8s", "Write the Kubernetes manifests (ConfigMap, Indexed Job, results claim) that run a scenario as N segments; merge their results with 'portload merge'")
        {
            file, instances, image, ns, output, startAt, claim, cpu, memory, otlp,
        };
        command.SetAction(parse =>
        {
            if (ScenarioLoading.Load(parse.GetValue(file)!, Console.Error) is not var (_, scenario))
            {
                return ExitCodes.InvalidInput;
            }

            var begin = parse.GetValue(startAt) ?? TimeProvider.System.GetUtcNow().AddMinutes(2);
            var options = new SegmentJobOptions(parse.GetValue(instances), parse.GetValue(image)!, begin)
            {
                Namespace = parse.GetValue(ns),
                ResultsClaim = parse.GetValue(claim),
                Cpu = parse.GetValue(cpu)!,
                Memory = parse.GetValue(memory)!,
                Otlp = parse.GetValue(otlp) is { } url ? new Uri(url) : null,
            };
            var objects = SegmentJob.Build(scenario, File.ReadAllText(parse.GetValue(file)!), options);
            if (parse.GetValue(output) is not { } folder)
            {
                Console.Write(SegmentJob.Yaml(objects));
                return ExitCodes.Ok;
            }

            Directory.CreateDirectory(folder);
            foreach (var o in objects)
            {
                var path = Path.Combine(folder, $"{o.Kind.ToLowerInvariant()}.yaml");
                AtomicFile.Write(path, writer => writer.Write(SegmentJob.Yaml([o])));
                Console.WriteLine($"wrote {path}");
            }

            Console.WriteLine($"kubectl apply -f {folder}; the pods start their load at {begin.UtcDateTime:O}; see docs/kubernetes.md to collect and merge the results");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>--out names a folder (new, or one to add the manifests to), never a file or a blank.</summary>
    private static string? OutFolderProblem(string folder) =>
        string.IsNullOrWhiteSpace(folder) ? "an empty name; give a folder such as k8s/"
        : File.Exists(folder) ? $"{folder} is a file; give a folder for the manifests"
        : null;
}
