using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Runs;

/// <summary>Runs one strategy of a scenario: here, or in a network namespace of its own.</summary>
public interface IStrategyRunner
{
    /// <summary>Raised when the load starts, with figures that stay live while it runs.</summary>
    event Action<StrategyOptions, ILiveFigures>? Started;

    Task<StrategyRun> RunAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop);
}
