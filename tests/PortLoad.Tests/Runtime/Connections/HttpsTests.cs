using System.Net;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Server;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>HTTPS: the embedded server's self-signed certificate (pinned by the client), and a host target with a test certificate.</summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class HttpsTests
{
    [TestCase("per-request")]
    [TestCase("pooled")]
    public async Task EmbeddedHttps_SelfSignedCertificate_IsPinned_AndEveryRequestSucceeds(string connections)
    {
        var result = await RunAsync("""{ "server": "embedded", "protocol": "https" }""", connections);

        Assert.That((result.Requests.Succeeded, result.Requests.Failed), Is.EqualTo((100L, 0L)));
    }

    [TestCase(true, 0)]
    [TestCase(false, 100)]
    public async Task HostTarget_TestCertificate_NeedsInsecureSkipVerify(bool skip, int failed)
    {
        var options = new TestServerOptions(ClosesFirst: false, RequestBytes: 0, Random: new SeededRandom(1));
        await using var server = await HttpTestServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), options, tls: true);
        var tls = skip ? """, "tls": { "insecureSkipVerify": true }""" : "";

        var result = await RunAsync($$"""{ "host": "127.0.0.1", "port": {{server.EndPoint.Port}}, "protocol": "https"{{tls}} }""", "pooled");

        Assert.That(result.Requests.Failed, Is.EqualTo(failed), "an unknown certificate is refused unless the scenario says it is a test server");
    }

    [Test]
    public void Parse_TlsOnPlainHttp_IsRefused()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"protocol\": \"tcp-echo\"", "\"protocol\": \"http\", \"tls\": { \"insecureSkipVerify\": true }"));

        Assert.That(errors.Single().Path, Is.EqualTo("target.tls"));
    }

    private static async Task<PortLoad.Results.StrategyResult> RunAsync(string target, string connections)
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "https", "target": {{target}},
              "load": [ { "inject": { "rate": 100, "during": "1s" } } ],
              "strategies": [ { "name": "s", "connections": "{{connections}}" } ] }
            """);
        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), TimeSpan.FromMilliseconds(100), maxInFlight: 1000);
        return (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;
    }
}
