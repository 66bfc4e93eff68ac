using System.Net;
using PortLoad.Scenarios;

namespace PortLoad.Server;

/// <summary>Starts the embedded server for a protocol.</summary>
public static class TestServers
{
    public static async Task<ITestServer> StartAsync(TargetProtocol protocol, IPEndPoint bindTo, TestServerOptions options) =>
        protocol is TargetProtocol.Http or TargetProtocol.Https
            ? await HttpTestServer.StartAsync(bindTo, options, tls: protocol == TargetProtocol.Https).ConfigureAwait(false)
            : EchoServer.Start(bindTo, options);

    /// <summary>How the server must behave for a strategy: it closes first only when the strategy says so.</summary>
    public static TestServerOptions OptionsFor(Scenario scenario, StrategyOptions strategy) => new(
        !strategy.Pooled && strategy.CloseByOrDefault == CloseBy.Server,
        scenario.Request.PayloadBytes,
        new SeededRandom(scenario.Seed()),
        scenario.Target.ResponseDelay,
        scenario.Target.Http2);
}
