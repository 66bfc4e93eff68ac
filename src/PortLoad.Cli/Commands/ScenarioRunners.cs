using PortLoad.HostInfo;
using PortLoad.Isolation;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Settings;
using PortLoad.Simulation;

namespace PortLoad.Cli.Commands;

/// <summary>Wires the scenario runner that <c>run</c> and <c>sweep</c> share: here or isolated, with the simulator's prediction beside each strategy.</summary>
internal static class ScenarioRunners
{
    public static ScenarioRunner Create(PortLoadSettings settings) => new(
        new StrategyRunner(TimeProvider.System, SocketCounters.Create(), settings.SamplingInterval, settings.MaxInFlight),
        new IsolatedStrategyRunner(ChildCommand.For(typeof(Program).Assembly)),
        ScenarioSimulator.PredictSelfCalibrated,
        TimeProvider.System,
        settings.SamplingInterval);

    /// <summary>A segment's runner in a namespace that other segments share: the embedded server on the isolated runs' port, shared by SO_REUSEPORT.</summary>
    public static ScenarioRunner InSharedNamespace(PortLoadSettings settings, HostFacts host) => new(
        new StrategyRunner(TimeProvider.System, SocketCounters.Create(), settings.SamplingInterval, settings.MaxInFlight, NamespaceKind.IsolatedShared, NetworkNamespace.ServerPort(host.EphemeralPortRange), NetworkNamespace.WarmUpPort(host.EphemeralPortRange)) { SharedPorts = true },
        new IsolatedStrategyRunner(ChildCommand.For(typeof(Program).Assembly)),
        ScenarioSimulator.PredictSelfCalibrated,
        TimeProvider.System,
        settings.SamplingInterval);
}
