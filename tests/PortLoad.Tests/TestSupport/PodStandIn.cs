using System.Text.RegularExpressions;
using k8s.Models;

namespace PortLoad.Tests.TestSupport;

/// <summary>
/// What a cluster would do with an Indexed Job, done here: each pod a process in a network namespace of its own, with
/// the pod's sysctls, its completion index in the environment and expanded in the arguments as Kubernetes expands
/// $(VAR), the ConfigMap and the results claim mounted as folders. The command line is the manifest's, unchanged otherwise.
/// </summary>
public static partial class PodStandIn
{
    public static async Task RunAsync(V1Job job, V1ConfigMap config, string root, TimeSpan limit)
    {
        var spec = job.Spec.Template.Spec;
        var container = spec.Containers.Single();
        var mounts = container.VolumeMounts.ToDictionary(m => m.MountPath, m => Path.Combine(root, m.Name));
        foreach (var folder in mounts.Values)
        {
            Directory.CreateDirectory(folder);
        }

        var scenarioFolder = mounts[container.VolumeMounts.Single(m => spec.Volumes.Single(v => v.Name == m.Name).ConfigMap is not null).MountPath];
        foreach (var (name, text) in config.Data)
        {
            await File.WriteAllTextAsync(Path.Combine(scenarioFolder, name), text);
        }

        var sysctls = spec.SecurityContext?.Sysctls ?? [];
        var pods = Enumerable.Range(0, job.Spec.Completions!.Value).Select(async index =>
        {
            var env = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var args = container.Args.Select(a => Mount(Variable().Replace(a, m => env.GetValueOrDefault(m.Groups[1].Value, m.Value)), mounts)).ToArray();
            var setup = string.Concat(sysctls.Select(s => $"echo {s.Value} > /proc/sys/{s.Name.Replace('.', '/')} && "));
            var prelude = $"unshare --net -- bash -c 'ip link set lo up && {setup}export JOB_COMPLETION_INDEX={index} && exec \"$@\"' pod --";
            var (code, output) = await CliProcess.RunAsync(prelude, limit, args);
            Assert.That(code, Is.Zero, $"pod {index}: {output}");
        });
        await Task.WhenAll(pods);
    }

    private static string Mount(string arg, Dictionary<string, string> mounts) =>
        mounts.Aggregate(arg, (a, m) => a.StartsWith(m.Key + "/", StringComparison.Ordinal) ? m.Value + a[m.Key.Length..] : a);

    [GeneratedRegex(@"\$\(([A-Z_][A-Z0-9_]*)\)")]
    private static partial Regex Variable();
}
