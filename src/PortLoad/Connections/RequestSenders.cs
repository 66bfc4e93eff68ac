using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>Picks the sender for a strategy and a protocol.</summary>
public static class RequestSenders
{
    public static IRequestSender Create(StrategyOptions strategy, ConnectionTarget target) =>
        (target.Protocol, strategy.Connections) switch
        {
            (TargetProtocol.TcpEcho, ConnectionMode.PerRequest) => new PerRequestTcpSender(target, strategy.CloseBy),
            (TargetProtocol.TcpEcho, ConnectionMode.Pooled) => new PooledTcpSender(target, strategy.PoolSize),
            (TargetProtocol.Http, ConnectionMode.PerRequest) => new PerRequestHttpSender(target, strategy.CloseBy),
            _ => new PooledHttpSender(target, strategy.PoolSize),
        };
}
