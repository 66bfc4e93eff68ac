using PortLoad.Results;

namespace PortLoad.Recording;

/// <summary>
/// Public reports of port exhaustion with numbers (DOMAIN.md, "What users see"), each reproduced by a scenario in
/// scenarios/incidents/, and the one closest to what a strategy showed: the first whose failure it shares, most
/// specific first.
/// </summary>
public static class Incidents
{
    /// <param name="Scenario">The scenario file that reproduces it.</param>
    public sealed record Incident(string Name, string Source, string Scenario, Func<StrategyResult, bool> Matches);

    private static long Failed(StrategyResult r, FailureKind kind) => r.Failures.GetValueOrDefault(kind);

    private static bool NatLimited(StrategyResult r, string nat) =>
        Failed(r, FailureKind.ETIMEDOUT) > 0 && r.Analysis?.Limit is { Kind: LimitKind.NatPorts, Nat: { } name } && name.StartsWith(nat, StringComparison.Ordinal);

    public static readonly IReadOnlyList<Incident> Known =
    [
        new(".NET on Windows with Connection: close (WSAENOBUFS, ports shared by every destination)", "github.com/dotnet/runtime/issues/48219", "scenarios/incidents/dotnet-windows-connection-close.json", r => Failed(r, FailureKind.ENOBUFS) > 0),
        new("Bun's test suite on macOS (TIME_WAIT at the 16,384-port ceiling, 500 of 500 connects failing)", "github.com/oven-sh/bun/pull/33929", "scenarios/incidents/bun-macos-time-wait.json", r => Failed(r, FailureKind.EADDRNOTAVAIL) > 0 && r.Host.Os == "macos"),
        new("Azure App Service SNAT exhaustion (128 ports, 4 minutes after close)", "learn.microsoft.com/azure/app-service/troubleshoot-intermittent-outbound-connection-errors", "scenarios/incidents/azure-app-service-snat.json", r => NatLimited(r, "azure")),
        new("AWS NAT gateway ErrorPortAllocation (55,000 connections to one destination)", "docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html", "scenarios/incidents/aws-nat-gateway.json", r => NatLimited(r, "aws-nat-gateway")),
        new("Google's neper at about 60k flows: bind() before connect() without IP_BIND_ADDRESS_NO_PORT (EADDRINUSE)", "github.com/google/neper/pull/87", "scenarios/eaddrinuse.json", r => Failed(r, FailureKind.EADDRINUSE) > 0),
        new("k6 load tests failing with \"connect: cannot assign requested address\"", "github.com/grafana/k6/issues/826", "scenarios/exhaustion.json", r => Failed(r, FailureKind.EADDRNOTAVAIL) > 0),
    ];

    /// <summary>
    /// The incident a host of <paramref name="os"/> ("linux", "windows", "macos") that runs out of client ports resembles
    /// most, where there is no run to match: ports shared by every destination on Windows, the TIME_WAIT ceiling on
    /// macOS, connect()'s EADDRNOTAVAIL on Linux.
    /// </summary>
    public static Incident OfSystem(string os)
    {
        var scenario = os switch
        {
            "windows" => "dotnet-windows-connection-close.json",
            "macos" => "bun-macos-time-wait.json",
            _ => "scenarios/exhaustion.json",
        };
        return Known.First(i => i.Scenario.EndsWith(scenario, StringComparison.Ordinal));
    }

    /// <summary>The incident closest to what <paramref name="result"/> showed; null when it showed no exhaustion.</summary>
    public static Incident? Closest(StrategyResult result) => Known.FirstOrDefault(i => i.Matches(result));

    /// <summary>"This is the failure mode of ..." for a finding; null when nothing matches.</summary>
    public static string? Finding(StrategyResult result) => Closest(result) is { } i
        ? $"{result.Name}: this is the failure mode of {i.Name} ({i.Source}); {i.Scenario} reproduces it."
        : null;
}
