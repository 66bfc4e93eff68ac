using System.Net;
using PortLoad.Connections;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Connections;

/// <summary>Which engine sends: the epoll engine where it fits, .NET's sockets and HttpClient for what it leaves out.</summary>
[NonParallelizable]
public class RequestSendersTests
{
    [SetUp]
    public void LinuxX64() => Assume.That(EpollInterop.Supported, "the epoll engine runs on Linux x64 only");

    [TestCase(TargetProtocol.TcpEcho, ConnectionMode.PerRequest, typeof(EpollSender))]
    [TestCase(TargetProtocol.TcpEcho, ConnectionMode.Pooled, typeof(EpollSender))]
    [TestCase(TargetProtocol.Http, ConnectionMode.PerRequest, typeof(EpollSender))]
    [TestCase(TargetProtocol.Http, ConnectionMode.Pooled, typeof(EpollSender))]
    [TestCase(TargetProtocol.Https, ConnectionMode.PerRequest, typeof(PerRequestHttpSender))]
    [TestCase(TargetProtocol.Https, ConnectionMode.Pooled, typeof(PooledHttpSender))]
    public async Task Create_ByProtocol(TargetProtocol protocol, ConnectionMode mode, Type expected)
    {
        await using var sender = RequestSenders.Create(Strategy(mode), Target(protocol));

        Assert.That(sender, Is.TypeOf(expected));
    }

    [Test]
    public async Task Create_WhatTheEngineLeavesOut_GoesToDotNet()
    {
        var http = Target(TargetProtocol.Http);
        var echo = Target(TargetProtocol.TcpEcho);
        IRequestSender[] senders =
        [
            RequestSenders.Create(Strategy(ConnectionMode.Pooled), http with { Http2 = true }),
            RequestSenders.Create(Strategy(ConnectionMode.Pooled) with { ConnectionLifetime = TimeSpan.FromSeconds(1) }, http),
            RequestSenders.Create(Strategy(ConnectionMode.PerRequest), echo with { SourceAddresses = [IPAddress.Loopback] }),
            RequestSenders.Create(Strategy(ConnectionMode.PerRequest), echo with { BindPort = true }),
        ];

        Assert.That(senders.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(PooledHttpSender), typeof(PooledHttpSender), typeof(PerRequestTcpSender), typeof(PerRequestTcpSender) }));
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }
    }

    [Test]
    public async Task Create_EngineTurnedOff_UsesDotNetEverywhere()
    {
        EpollSender.Enabled = false;
        try
        {
            await using var echo = RequestSenders.Create(Strategy(ConnectionMode.PerRequest), Target(TargetProtocol.TcpEcho));
            await using var http = RequestSenders.Create(Strategy(ConnectionMode.Pooled), Target(TargetProtocol.Http));

            Assert.That(echo, Is.TypeOf<PerRequestTcpSender>());
            Assert.That(http, Is.TypeOf<PooledHttpSender>());
        }
        finally
        {
            EpollSender.Enabled = true;
        }
    }

    private static StrategyOptions Strategy(ConnectionMode mode) => new() { Name = "s", Connections = mode, PoolSize = 2 };

    private static ConnectionTarget Target(TargetProtocol protocol) => new(new IPEndPoint(IPAddress.Loopback, 9), protocol, new RequestOptions());
}
