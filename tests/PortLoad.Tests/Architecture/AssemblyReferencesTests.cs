using System.Reflection;

namespace PortLoad.Tests.Architecture;

/// <summary>
/// The projects hold the layers: the model, the scenarios and the engine (the simulator among it) reach no web
/// server, drawing library, Kubernetes or Prometheus client, not even through another assembly.
/// </summary>
public class AssemblyReferencesTests
{
    private static readonly string[] Heavy = ["Microsoft.AspNetCore", "SkiaSharp", "OxyPlot", "KubernetesClient", "OpenTelemetry", "Polly"];

    /// <summary>Each library and the PortLoad assemblies and packages it may use directly (the framework aside).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["PortLoad.Model"] = [],
        ["PortLoad.Scenarios"] = ["PortLoad.Model", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Primitives", "Microsoft.Extensions.FileProviders"],
        ["PortLoad.Engine"] = ["PortLoad.Model", "PortLoad.Scenarios", "HdrHistogram"],
        ["PortLoad.Runtime"] = ["PortLoad.Model", "PortLoad.Scenarios", "PortLoad.Engine", "Polly", "OpenTelemetry", "Microsoft.AspNetCore", "Microsoft.Extensions"],
        ["PortLoad.Reports"] = ["PortLoad.Model", "PortLoad.Scenarios", "PortLoad.Engine", "OxyPlot", "SkiaSharp"],
        ["PortLoad.Kubernetes"] = ["PortLoad.Model", "PortLoad.Scenarios", "KubernetesClient"],
    };

    [TestCase("PortLoad.Model")]
    [TestCase("PortLoad.Scenarios")]
    [TestCase("PortLoad.Engine")]
    public void PureAssembly_Transitively_ReachesNoHeavyPackage(string name)
    {
        var reached = Reachable(name);

        Assert.That(reached, Is.Not.Empty, "the walk found nothing: the test would pass whatever the references");
        Assert.That(reached.Where(r => Heavy.Any(h => r.StartsWith(h, StringComparison.Ordinal))), Is.Empty);
    }

    [TestCaseSource(nameof(Libraries))]
    public void Library_References_OnlyWhatItsLayerAllows(string name)
    {
        var direct = Assembly.Load(name).GetReferencedAssemblies().Select(r => r.Name!).Where(n => !IsFramework(n)).ToList();

        Assert.That(direct.Where(n => !Allowed[name].Any(a => n.StartsWith(a, StringComparison.Ordinal))), Is.Empty, $"{name} references: {string.Join(", ", direct)}");
    }

    [Test]
    public void Model_ReferencesTheFrameworkOnly()
    {
        var direct = Assembly.Load("PortLoad.Model").GetReferencedAssemblies().Select(r => r.Name!).ToList();

        Assert.That(direct, Is.Not.Empty);
        Assert.That(direct.Where(n => !IsFramework(n)), Is.Empty);
    }

    private static IEnumerable<string> Libraries() => Allowed.Keys;

    /// <summary>Every assembly reachable from <paramref name="root"/>, by name; the framework's own are not walked into.</summary>
    private static SortedSet<string> Reachable(string root)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var name))
        {
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                if (seen.Add(reference.Name!) && !IsFramework(reference.Name!))
                {
                    pending.Push(reference.Name!);
                }
            }
        }

        return seen;
    }

    /// <summary>An assembly of the .NET runtime itself (System.*, netstandard, ...): in the shared framework's folder.</summary>
    private static bool IsFramework(string name)
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return File.Exists(Path.Combine(runtime, name + ".dll"));
    }
}
