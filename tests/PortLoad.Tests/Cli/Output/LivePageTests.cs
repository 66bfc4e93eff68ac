using System.Net;
using System.Net.Sockets;
using System.Text;
using PortLoad.Cli.Output;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli.Output;

/// <summary>
/// The live page's server (real Kestrel on loopback, real HTTP clients) keeps its cost to the run bounded (#26, item 18):
/// a chart is sent to a page only when it changed, pages beyond <see cref="LivePage.MaxPages"/> are refused, and a page
/// that takes no updates is closed.
/// </summary>
[NonParallelizable]
public class LivePageTests
{
    [Test]
    public async Task Events_FiguresEveryUpdate_TheChartOnlyWhenItChanged()
    {
        var feed = new LiveFeed();
        await using var page = await LivePage.StartAsync(Loopback.UnusedEndPoint().Port, "<html/>", feed);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri(page.Url + "events"), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());
        var chart = """{"name":"pooled","chart":"<svg/>"}""";

        var lines = new List<string>();
        for (var n = 1; n <= 5; n++)
        {
            feed.Publish($$"""{"n":{{n}}}""", [("pooled", n < 5 ? chart : """{"name":"pooled","chart":"<svg></svg>"}""")]);
            lines.AddRange(await ReadEventAsync(events, until: $$"""data: {"n":{{n}}}"""));
        }

        Assert.That(lines.Where(l => l.Length > 0), Is.EqualTo(new[]
        {
            "event: chart", "data: " + chart, """data: {"n":1}""",
            """data: {"n":2}""", """data: {"n":3}""", """data: {"n":4}""",
            "event: chart", """data: {"name":"pooled","chart":"<svg></svg>"}""", """data: {"n":5}""",
        }));
    }

    [Test]
    public async Task Events_PagesBeyondTheCap_AreAnswered503_UntilOneCloses()
    {
        var feed = new LiveFeed();
        feed.Publish("{}", []);
        await using var page = await LivePage.StartAsync(Loopback.UnusedEndPoint().Port, "<html/>", feed);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < LivePage.MaxPages; i++)
            {
                open.Add(await http.GetAsync(new Uri(page.Url + "events"), HttpCompletionOption.ResponseHeadersRead));
            }

            using var refused = await http.GetAsync(new Uri(page.Url + "events"));
            var message = await refused.Content.ReadAsStringAsync();
            open[0].Dispose();
            var again = await Eventually.ValueAsync(
                () => http.GetAsync(new Uri(page.Url + "events"), HttpCompletionOption.ResponseHeadersRead).Result,
                r => r.StatusCode == HttpStatusCode.OK);
            open.Add(again);

            Assert.Multiple(() =>
            {
                Assert.That(open.Take(LivePage.MaxPages).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(message, Does.Contain($"at most {LivePage.MaxPages} open pages"));
                Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a closed page frees its place");
            });
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Test]
    public async Task Events_APageThatReadsNothing_IsClosed_OthersGoOn()
    {
        var feed = new LiveFeed();
        await using var page = await LivePage.StartAsync(Loopback.UnusedEndPoint().Port, "<html/>", feed);
        var port = new Uri(page.Url).Port;
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(IPAddress.Loopback, port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var reading = await http.GetAsync(new Uri(page.Url + "events"), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await reading.Content.ReadAsStreamAsync());
        await Eventually.ValueAsync(() => page.OpenPages, n => n == 2);

        // Updates of 256 KB, 20 a second: the stalled page's buffers fill within a second or two, then its writes wait.
        var big = "\"" + new string('x', 256 * 1024) + "\"";
        var sequence = 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (page.OpenPages == 2 && waited.Elapsed < LivePage.SlowPageTimeout * 4)
        {
            feed.Publish($$"""{"n":{{++sequence}},"pad":{{big}}}""", []);
            await ReadEventAsync(events, until: $$"""data: {"n":{{sequence}},""");
            await Task.Delay(50);
        }

        var openAfter = page.OpenPages;
        feed.Publish("""{"n":"last"}""", []);
        var stillRead = await ReadEventAsync(events, until: """data: {"n":"last"}""");

        Assert.Multiple(() =>
        {
            Assert.That(openAfter, Is.EqualTo(1), "the stalled page is closed");
            Assert.That(waited.Elapsed, Is.GreaterThanOrEqualTo(LivePage.SlowPageTimeout), "not before it had the whole timeout");
            Assert.That(stillRead, Has.Some.EqualTo("""data: {"n":"last"}"""), "the page that reads goes on");
        });
    }

    // Regression: Kestrel's stop waits for open requests, and a stream ran until its page left or, stalled, timed out
    // (5 s here), so `run --web` with pages open exited that much later than its results were written.
    [Test]
    public async Task Dispose_WithPagesOpen_EndsTheirStreamsAtOnce()
    {
        var feed = new LiveFeed();
        var page = await LivePage.StartAsync(Loopback.UnusedEndPoint().Port, "<html/>", feed);
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(IPAddress.Loopback, new Uri(page.Url).Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var reading = await http.GetAsync(new Uri(page.Url + "events"), HttpCompletionOption.ResponseHeadersRead);
        await Eventually.ValueAsync(() => page.OpenPages, n => n == 2);
        feed.Publish("\"" + new string('x', 4 * 1024 * 1024) + "\"", []); // More than the stalled page's buffers take.

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await page.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(stopping.Elapsed, Is.LessThan(LivePage.SlowPageTimeout / 2), "neither a wait for open requests to end nor for a stalled page to time out");
    }

    /// <summary>Lines of the stream up to and including the first that starts with <paramref name="until"/>.</summary>
    private static async Task<List<string>> ReadEventAsync(StreamReader events, string until)
    {
        var lines = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await events.ReadLineAsync(limit.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(until, StringComparison.Ordinal))
            {
                return lines;
            }
        }

        throw new EndOfStreamException($"the stream ended before '{until}'");
    }
}
