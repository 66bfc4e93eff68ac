using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>What is about to run, and the host facts that decide how it will go.</summary>
internal static class RunHeader
{
    public static void Write(IAnsiConsole console, Scenario scenario, HostFacts host)
    {
        console.MarkupLineInterpolated($"[bold]{scenario.Name}[/]: {scenario.Description}");
        var reuse = host.TcpTwReuse is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "n/a";
        console.MarkupLineInterpolated(
            $"[grey]host: {host.Os} {host.Kernel}, ephemeral ports {host.EphemeralPortRange} ({host.EphemeralPortRange.Size}), tcp_tw_reuse {reuse}, TIME_WAIT {host.TimeWaitSeconds} s, open files {host.OpenFileLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}[/]");
        if (scenario.Network.Isolated)
        {
            var inForce = SettingsInForce.For(scenario, strategy: null, host);
            console.MarkupLineInterpolated($"[grey]each strategy in a fresh network namespace: ports {inForce.Range}, tcp_tw_reuse {inForce.TcpTwReuse}; the host is not changed[/]");
        }

        var strategies = string.Join(", ", scenario.Strategies.Select(s => s.Name));
        var total = new LoadTimeline(scenario.Load).Duration;
        console.MarkupLineInterpolated($"[grey]strategies: {strategies}; {Duration.Format(total)} of load each{(scenario.Parallel ? ", all at once" : ", one after another")}, target {scenario.Target} ({Names.Protocols[scenario.Target.Protocol]})[/]");
    }
}
