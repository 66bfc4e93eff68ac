using System.Globalization;
using System.Text.Json.Nodes;
using PortLoad.Load;

namespace PortLoad.Scenarios;

/// <summary>Changes to a parsed scenario that keep its source JSON in step, since an isolated child process parses that JSON again.</summary>
public static class ScenarioEdits
{
    public static Scenario WithLoad(this Scenario scenario, IReadOnlyList<LoadPhase> load)
    {
        var edited = scenario with { Load = load };
        if (scenario.SourceJson.Length == 0 || JsonNode.Parse(scenario.SourceJson, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip }) is not JsonObject root)
        {
            return edited;
        }

        root["load"] = new JsonArray(load.Select(ToJson).ToArray<JsonNode?>());
        return edited with { SourceJson = root.ToJsonString() };
    }

    private static JsonObject ToJson(LoadPhase phase)
    {
        var during = Duration.Format(phase.During);
        return phase switch
        {
            InjectPhase p => new JsonObject { ["inject"] = new JsonObject { ["rate"] = p.Rate, ["during"] = during } },
            RampInjectPhase p => new JsonObject { ["rampInject"] = new JsonObject { ["from"] = p.From, ["to"] = p.To, ["during"] = during } },
            KeepConstantPhase p => new JsonObject { ["keepConstant"] = new JsonObject { ["copies"] = p.Copies, ["during"] = during } },
            _ => new JsonObject { ["pause"] = new JsonObject { ["during"] = during } },
        };
    }
}
