using System.Diagnostics;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using PortLoad.Cli;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

/// <summary>
/// Mutations of the shipped scenarios (wrong types, missing and unknown fields, extreme numbers, control
/// characters, duplicate keys, cut-off files) through <c>portload validate</c>: each ends with exit 0, or
/// with exit 2 and messages that name the file and the JSON path; never a stack trace, never a hang.
/// </summary>
[NonParallelizable]
public class ScenarioFuzzTests
{
    private static readonly string[] Shipped = ScenarioJson.ShippedFiles()
        .Select(File.ReadAllText).ToArray();

    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => "x", _ => "", _ => -1, _ => 0, _ => 1.5, _ => 1e308, _ => -1e308, _ => 1e19, _ => long.MaxValue, _ => true, _ => null,
        _ => new JsonArray(), _ => new JsonObject(), _ => "1000000000000s", _ => "-5s", _ => "NaN", _ => "\u0000\n\t\u001b[31m",
        _ => "ümlaut-名前", r => new string('a', r.Next(65, 5000)), _ => new JsonArray(1, "two", null), _ => "::1", _ => "999.1.1.1",
    ];

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("portload-fuzz-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [FsCheck.NUnit.Property(MaxTest = 400)]
    public Property Validate_MutatedShippedScenario_EndsCleanly(int seed)
    {
        var text = Mutate(new Random(seed));
        var (code, errors) = Validate(text);
        var clean = (code == ExitCodes.Ok && errors.Length == 0)
                    || (code == ExitCodes.InvalidInput && errors.Contains(_folder, StringComparison.Ordinal) && !errors.Contains("   at ", StringComparison.Ordinal));
        return clean.Classify(code == ExitCodes.Ok, "still valid").Classify(code == ExitCodes.InvalidInput, "rejected").Label($"exit {code}\n{errors}\ninput:\n{(text.Length > 2000 ? text[..2000] + "..." : text)}");
    }

    [TestCase("")]
    [TestCase("\uFEFF")]
    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("{ \"name\": \"t\", \"name\": \"u\" }")]
    public void Validate_Degenerate_ExitsWith2AndSaysWhy(string text)
    {
        var (code, errors) = Validate(text);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain(_folder).And.Not.Contain("   at "));
    }

    // Regression: a 4 GB read of /dev/zero ended in OutOfMemoryException.
    [Test]
    public void Validate_HugeFile_IsRefusedWithoutReadingItAll()
    {
        var (code, errors) = Validate("{ \"description\": \"" + new string('x', 3 << 20) + "\" }");

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain("is larger than 1024 KiB"));
    }

    // Regression: /dev/zero grew to 4.3 GB and died; a device has no length to trust, so it is read up to the limit.
    [Test]
    public void Validate_DevZero_IsRefusedAtTheSizeLimit()
    {
        if (!File.Exists("/dev/zero"))
        {
            Assert.Ignore("no /dev/zero here");
        }

        var (code, errors) = Cli(["validate", "/dev/zero"]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain("/dev/zero: is larger than 1024 KiB"));
    }

    // Regression: a folder given as the scenario said "Access to the path is denied", even as root.
    [Test]
    public void Validate_AFolder_SaysItIsAFolder()
    {
        var (code, errors) = Cli(["validate", _folder]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain($"{_folder}: is a folder, not a scenario file"));
    }

    /// <summary>A shipped scenario with one to three random edits (also used by the schema's tests).</summary>
    internal static string Mutate(Random random)
    {
        var text = Shipped[random.Next(Shipped.Length)];
        var root = JsonNode.Parse(text, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var nodes = Descendants(root).ToList();
        for (var edits = 1 + random.Next(3); edits > 0; edits--)
        {
            var node = nodes[random.Next(nodes.Count)];
            switch (random.Next(5))
            {
                case 0 when node.Parent is JsonObject parent:
                    parent.Remove(node.GetPropertyName());
                    break;
                case 1 when node is JsonObject obj:
                    obj[random.Next(2) == 0 ? "unknownField" : node.AsObject().FirstOrDefault().Key + "x"] = Values[random.Next(Values.Length)](random);
                    break;
                case 2 when node.Parent is JsonArray array:
                    array.Add(node.DeepClone());
                    break;
                default:
                    Replace(node, Values[random.Next(Values.Length)](random));
                    break;
            }

            nodes = Descendants(root).ToList();
            if (nodes.Count == 0)
            {
                break;
            }
        }

        var mutated = root.ToJsonString();
        return random.Next(10) switch
        {
            // A file cut off while being edited, or a key written twice.
            0 => mutated[..random.Next(mutated.Length)],
            1 => mutated.Insert(1, "\"name\": \"again\", "),
            _ => mutated,
        };
    }

    private static void Replace(JsonNode node, JsonNode? value)
    {
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = value;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = value;
                break;
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var below in Descendants(child))
            {
                yield return below;
            }
        }
    }

    private (int Code, string Errors) Validate(string text)
    {
        var file = Path.Combine(_folder, "fuzz.json");
        File.WriteAllText(file, text);
        return Cli(["validate", file]);
    }

    private static (int Code, string Errors) Cli(string[] args)
    {
        var errors = new StringWriter();
        var (savedError, savedOut) = (Console.Error, Console.Out);
        Console.SetError(errors);
        Console.SetOut(TextWriter.Null);
        try
        {
            var run = Program.Main(args);
            Assert.That(run.Wait(TimeSpan.FromSeconds(10)), Is.True, "validate did not finish: a hang");
            return (run.Result, errors.ToString());
        }
        finally
        {
            Console.SetError(savedError);
            Console.SetOut(savedOut);
        }
    }
}
