using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

/// <summary>scenarios/portload.schema.json: generated, true to the reader and the validator, and what shipped scenarios follow.</summary>
public class ScenarioSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", ScenarioSchema.FileName);

    private static readonly JsonNode Schema = ScenarioSchema.Build();

    /// <summary>The schema's limits are the defaults; the simulation block needs the simulator's permission, not its caps.</summary>
    private static readonly ScenarioLimits Limits = new() { ForSimulation = true };

    [Test]
    public void SchemaFile_IsWhatTheCodeBuilds() =>
        Assert.That(File.ReadAllText(SchemaPath), Is.EqualTo(ScenarioSchema.Json()), "regenerate it: portload schema --out scenarios/portload.schema.json");

    [TestCaseSource(nameof(Shipped))]
    public void ShippedScenario_FollowsTheSchema_AndNamesIt(string file)
    {
        var json = JsonNode.Parse(File.ReadAllText(file))!;

        Assert.That(JsonSchemaCheck.Errors(Schema, json), Is.Empty);
        var reference = json["$schema"]?.GetValue<string>();
        Assert.That(reference, Is.Not.Null, "editors find the schema through $schema");
        Assert.That(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, reference!)), Is.EqualTo(SchemaPath));
    }

    // Every object of a scenario, as the reader names it in errors, and where its schema is.
    [TestCase("", "")]
    [TestCase("target", "properties.target")]
    [TestCase("target.tls", "properties.target.properties.tls")]
    [TestCase("target.responseDelay", "properties.target.properties.responseDelay.anyOf[1]")]
    [TestCase("load[0]", "properties.load.items")]
    [TestCase("load[0].inject", "properties.load.items.properties.inject")]
    [TestCase("request", "properties.request")]
    [TestCase("strategies[0]", "properties.strategies.items")]
    [TestCase("strategies[0].resilience", "properties.strategies.items.properties.resilience")]
    [TestCase("strategies[0].resilience.retry", "properties.strategies.items.properties.resilience.properties.retry")]
    [TestCase("strategies[0].resilience.circuitBreaker", "properties.strategies.items.properties.resilience.properties.circuitBreaker")]
    [TestCase("sampling", "properties.sampling")]
    [TestCase("network", "properties.network")]
    [TestCase("clients", "properties.clients")]
    [TestCase("simulation", "properties.simulation")]
    [TestCase("simulation.nat", "properties.simulation.properties.nat.anyOf[1]")]
    [TestCase("thresholds[0]", "properties.thresholds.items")]
    [TestCase("warmUp", "properties.warmUp.anyOf[1]")]
    public void EveryObject_HasExactlyTheFieldsTheReaderAccepts(string place, string schemaPath)
    {
        var scenario = JsonNode.Parse(Everything)!;
        var target = place.Length == 0 ? scenario : Find(scenario, place);
        target!.AsObject()["zzzUnknown"] = 1;

        var errors = ScenarioJson.Errors(scenario.ToJsonString(), Limits);
        var unknown = errors.Single(e => e.Path == (place.Length == 0 ? "zzzUnknown" : place + ".zzzUnknown")).Message;
        var allowed = unknown[(unknown.IndexOf("allowed: ", StringComparison.Ordinal) + 9)..].Split(", ");
        var properties = (schemaPath.Length == 0 ? Schema : Find(Schema, schemaPath))!["properties"]!.AsObject().Select(p => p.Key);

        Assert.That(properties, Is.EquivalentTo(allowed));
    }

    [Test]
    public void EveryObject_EveryFieldHasADescription()
    {
        var undescribed = Walk(Schema, "$").Where(p => p.Node is JsonObject o && !o.ContainsKey("description") && System.Text.RegularExpressions.Regex.IsMatch(p.Path, @"\.properties\.[^.\[]+$")).Select(p => p.Path).ToList();

        Assert.That(undescribed, Is.Empty);
    }

    // The direction that matters: a file the schema rejects is one PortLoad rejects too, so editors never flag a scenario that runs.
    [FsCheck.NUnit.Property(MaxTest = 1000)]
    public Property MutatedScenario_RejectedByTheSchema_IsRejectedByTheValidator(int seed)
    {
        var text = ScenarioFuzzTests.Mutate(new Random(seed));
        IReadOnlyList<string> schemaErrors;
        try
        {
            schemaErrors = JsonSchemaCheck.Errors(Schema, JsonNode.Parse(text));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            // Not JSON, or a key twice (which JsonNode notices only when it is read).
            schemaErrors = ["not JSON: " + e.Message];
        }

        var validatorRejects = Rejects(text);
        return (schemaErrors.Count == 0 || validatorRejects)
            .Classify(schemaErrors.Count > 0, "schema rejects")
            .Classify(validatorRejects, "validator rejects")
            .Label($"schema: {string.Join("; ", schemaErrors)}\ninput: {text}");
    }

    // The invalid files a user writes most: each rejected by both, at the same place.
    [TestCase("""{ "poolSize": "8" }""", "strategies[0]")]
    [TestCase("""{ "poolsize": 8 }""", "strategies[0]")]
    [TestCase("""{ "connections": "pool" }""", "strategies[0]")]
    [TestCase("""{ "poolSize": 0 }""", "strategies[0]")]
    [TestCase("""{ "protocol": "udp" }""", "target")]
    [TestCase("""{ "port": 70000 }""", "target")]
    [TestCase("""{ "timeout": "2 seconds" }""", "request")]
    [TestCase("""{ "payloadBytes": -1 }""", "request")]
    [TestCase("""{ "interval": 5 }""", "sampling")]
    [TestCase("""{ "namespace": "private" }""", "network")]
    [TestCase("""{ "tcpTwReuse": 3 }""", "network")]
    [TestCase("""{ "rate": 0 }""", "warmUp")]
    public void CommonMistake_IsRejectedByBoth(string change, string place)
    {
        var scenario = JsonNode.Parse(ScenarioJson.Valid)!;
        var patch = JsonNode.Parse(change)!.AsObject();
        var o = place switch
        {
            "strategies[0]" => scenario["strategies"]![0]!.AsObject(),
            _ => (scenario[place] ??= new JsonObject()).AsObject(),
        };
        foreach (var (key, value) in patch.ToList())
        {
            patch.Remove(key);
            o[key] = value;
        }

        Assert.That(JsonSchemaCheck.Errors(Schema, scenario), Is.Not.Empty, "schema");
        Assert.That(Rejects(scenario.ToJsonString()), Is.True, "validator");
    }

    private static IEnumerable<string> Shipped() => ScenarioJson.ShippedFiles().Select(f => Path.GetRelativePath(ScenarioJson.RepoRoot(), f)).Select(f => Path.Combine(ScenarioJson.RepoRoot(), f));

    private static bool Rejects(string text)
    {
        try
        {
            new ScenarioParser(Limits).Parse(text, "fuzz.json");
            return false;
        }
        catch (ScenarioException)
        {
            return true;
        }
    }

    /// <summary>A node by a path such as "properties.load.items" or "strategies[0].resilience".</summary>
    private static JsonNode? Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0 ? node![part] : node![part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)];
        }

        return node;
    }

    private static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path)
    {
        yield return (path, node);
        var children = node switch
        {
            JsonObject o => o.Select(p => (path + "." + p.Key, p.Value)),
            JsonArray a => a.Select((v, i) => ($"{path}[{i}]", v)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            foreach (var below in Walk(child, childPath))
            {
                yield return below;
            }
        }
    }

    private const string Everything = """
        {
          "$schema": "./portload.schema.json",
          "name": "everything",
          "target": { "server": "embedded", "protocol": "https", "responseDelay": { "mean": "5ms" }, "tls": { "insecureSkipVerify": false } },
          "load": [ { "inject": { "rate": 10, "during": "1s" } } ],
          "request": { "timeout": "1s" },
          "strategies": [ { "name": "s", "connections": "pooled", "resilience": { "retry": { "maxAttempts": 2 }, "circuitBreaker": { "failureRatio": 0.5 } } } ],
          "sampling": { "interval": "100ms" },
          "network": { "namespace": "host" },
          "clients": { "sourceAddresses": ["127.0.0.1"] },
          "simulation": { "nat": { "ports": 100, "releaseAfter": "1s" } },
          "thresholds": [ { "metric": "latencyMs.p99", "max": 10 } ],
          "warmUp": { "rate": 10 }
        }
        """;
}
