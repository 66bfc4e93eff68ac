using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>HTTP/2: one connection carries many requests at once, so a pool needs very few ports.</summary>
public class Http2Tests
{
    [TestCase("http")]
    [TestCase("https")]
    [Category(TestCategories.RealLoad)]
    public async Task Pooled_Http2_CarriesEveryRequestOverOneConnection(string protocol)
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "h2", "target": { "server": "embedded", "protocol": "{{protocol}}", "httpVersion": "2" },
              "load": [ { "inject": { "rate": 200, "during": "1s" } } ],
              "strategies": [ { "name": "pooled", "connections": "pooled", "poolSize": 8 } ] }
            """);
        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), TimeSpan.FromMilliseconds(100), maxInFlight: 1000);

        var result = (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;

        Assert.That((result.Requests.Succeeded, result.Requests.Failed), Is.EqualTo((200L, 0L)));
        Assert.That(result.ConnectionsOpened, Is.EqualTo(1), "HTTP/1.1 would have needed up to the pool's 8");
    }

    [TestCase("\"protocol\": \"tcp-echo\", \"httpVersion\": \"2\"", "target.httpVersion", "applies to http and https targets only")]
    [TestCase("\"protocol\": \"http\", \"httpVersion\": \"3\"", "target.httpVersion", "allowed: 1.1, 2")]
    public void Parse_BadHttpVersion_IsNamed(string target, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"protocol\": \"tcp-echo\"", target));

        Assert.That(errors.Single().Path, Is.EqualTo(path));
        Assert.That(errors.Single().Message, Does.Contain(message));
    }

    [Test]
    public void Parse_ServerClosesFirstOverHttp2_IsRefused()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid
            .Replace("\"protocol\": \"tcp-echo\"", "\"protocol\": \"http\", \"httpVersion\": \"2\"")
            .Replace("\"connections\": \"per-request\"", "\"connections\": \"per-request\", \"closeBy\": \"server\""));

        Assert.That(errors.Single().Message, Does.StartWith("\"server\" needs HTTP/1.1"));
    }
}
