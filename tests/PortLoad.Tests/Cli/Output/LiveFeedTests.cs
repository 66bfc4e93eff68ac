using System.Text;
using PortLoad.Cli.Output;

namespace PortLoad.Tests.Cli.Output;

/// <summary>What the live pages are sent: figures every update, a chart only when it changed, the latest update to a page that is behind.</summary>
public class LiveFeedTests
{
    [Test]
    public void Publish_SameChart_KeepsItsVersion_ANewOneGetsANewVersion()
    {
        var feed = new LiveFeed();
        var chart = """{"name":"pooled","chart":"<svg/>"}""";

        feed.Publish("{}", [("pooled", chart)]);
        var first = feed.Latest.Charts.Single();
        feed.Publish("{}", [("pooled", chart)]);
        var unchanged = feed.Latest.Charts.Single();
        feed.Publish("{}", [("pooled", """{"name":"pooled","chart":"<svg></svg>"}""")]);
        var redrawn = feed.Latest.Charts.Single();

        Assert.Multiple(() =>
        {
            Assert.That(unchanged, Is.SameAs(first), "not encoded again, so no page is sent it again");
            Assert.That(redrawn.Version, Is.EqualTo(3));
            Assert.That(Encoding.UTF8.GetString(redrawn.Bytes), Is.EqualTo("event: chart\ndata: {\"name\":\"pooled\",\"chart\":\"<svg></svg>\"}\n\n"));
            Assert.That(Encoding.UTF8.GetString(feed.Latest.Figures), Is.EqualTo("data: {}\n\n"));
        });
    }

    [Test]
    public async Task NextAsync_APageBehind_GetsTheLatestAtOnce()
    {
        var feed = new LiveFeed();
        feed.Publish("""{"n":1}""", []);
        feed.Publish("""{"n":2}""", []);
        feed.Publish("""{"n":3}""", []);

        var update = await feed.NextAsync(1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(update.Sequence, Is.EqualTo(3), "no queue of old updates for a slow page");
    }

    [Test]
    public async Task NextAsync_APageUpToDate_WaitsForTheNextPublish()
    {
        var feed = new LiveFeed();
        feed.Publish("""{"n":1}""", []);

        var next = feed.NextAsync(1, CancellationToken.None);
        var waited = !next.IsCompleted;
        feed.Publish("""{"n":2}""", []);
        var update = await next.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.True);
            Assert.That(Encoding.UTF8.GetString(update.Figures), Is.EqualTo("data: {\"n\":2}\n\n"));
        });
    }

    [Test]
    public void NextAsync_BeforeAnyPublish_Waits()
    {
        Assert.That(new LiveFeed().NextAsync(0, CancellationToken.None).IsCompleted, Is.False, "a page gets nothing before the first figures");
    }
}
