using PortLoad.Scenarios;

namespace PortLoad.Tests.TestSupport;

/// <summary>Builds scenario JSON for tests and parses it with default limits.</summary>
public static class ScenarioJson
{
    public const string Valid = """
        {
          "name": "t",
          "target": { "server": "embedded", "protocol": "tcp-echo" },
          "load": [ { "inject": { "rate": 100, "during": "1s" } } ],
          "strategies": [ { "name": "per-request", "connections": "per-request" } ]
        }
        """;

    public static Scenario Parse(string json, ScenarioLimits? limits = null) =>
        new ScenarioParser(limits ?? new ScenarioLimits()).Parse(json, "test.json");

    /// <summary>The errors parsing <paramref name="json"/> reports; fails the test when it parses.</summary>
    public static IReadOnlyList<ScenarioError> Errors(string json, ScenarioLimits? limits = null)
    {
        var e = Assert.Throws<ScenarioException>(() => Parse(json, limits));
        return e!.Errors;
    }

    /// <summary>Every scenario file shipped in scenarios/ (the schema beside them is not one).</summary>
    public static string[] ShippedFiles() =>
        Directory.GetFiles(Path.Combine(RepoRoot(), "scenarios"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order().ToArray();

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortLoad.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PortLoad.sln not found above " + AppContext.BaseDirectory);
    }
}
