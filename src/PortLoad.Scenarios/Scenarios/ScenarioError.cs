namespace PortLoad.Scenarios;

/// <summary>One problem in a scenario file: where (the JSON path) and what (value and what is allowed).</summary>
public sealed record ScenarioError(string File, string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? $"{File}: {Message}" : $"{File}: {Path}: {Message}";
}

/// <summary>All the problems found in a scenario, reported together under one headline.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(Headline(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ScenarioError> Errors { get; }

    private static string Headline(IReadOnlyList<ScenarioError> errors)
    {
        var file = errors.Count > 0 ? errors[0].File : "scenario";
        var noun = errors.Count == 1 ? "problem" : "problems";
        return $"{file}: {errors.Count} {noun}:{Environment.NewLine}  "
               + string.Join(Environment.NewLine + "  ", errors.Select(e => e.ToString()));
    }
}
