using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>Picks the sender for a strategy and a protocol.</summary>
public static class RequestSenders
{
    public static IRequestSender Create(StrategyOptions strategy, ConnectionTarget target) =>
        (target.Protocol, strategy.Connections) switch
        {
            (_, ConnectionMode.PerRequest) when EpollSender.Fits(target) => new EpollSender(target, strategy.CloseByOrDefault),
            (_, ConnectionMode.Pooled) when EpollSender.Fits(target) && strategy.ConnectionLifetime is null => new EpollSender(target, CloseBy.Client, strategy.PoolSizeOrDefault),
            (TargetProtocol.TcpEcho, ConnectionMode.PerRequest) => new PerRequestTcpSender(target, strategy.CloseByOrDefault),
            (TargetProtocol.TcpEcho, ConnectionMode.Pooled) => new PooledTcpSender(target, strategy.PoolSizeOrDefault),
            (TargetProtocol.Http or TargetProtocol.Https, ConnectionMode.PerRequest) => new PerRequestHttpSender(target, strategy.CloseByOrDefault),
            _ => new PooledHttpSender(target, strategy.PoolSizeOrDefault, strategy.ConnectionLifetime),
        };
}
