using System.Text.Json;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Results;

/// <summary>Values that code branches on are types; summary.json keeps the words it always had, and reads them back.</summary>
public class TypedWordsTests
{
    private static IEnumerable<PortLimit> Limits() =>
    [
        new(LimitKind.PooledConnections, PoolSize: 8),
        new(LimitKind.NoPortKept),
        new(LimitKind.EphemeralPorts),
        new(LimitKind.EphemeralPortsReused),
        new(LimitKind.BoundPorts),
        new(LimitKind.NatPorts, Nat: "azure-app-service"),
    ];

    [Test]
    public void Limits_CoverEveryKind() =>
        Assert.That(Limits().Select(l => l.Kind).Distinct(), Is.EquivalentTo(Enum.GetValues<LimitKind>()));

    [TestCaseSource(nameof(Limits))]
    public void PortLimit_ThroughJson_IsTheSameLimit(PortLimit limit)
    {
        var json = JsonSerializer.Serialize(limit, ResultJson.Options);

        Assert.That(json, Is.EqualTo(JsonSerializer.Serialize(limit.ToString())));
        Assert.That(JsonSerializer.Deserialize<PortLimit>(json, ResultJson.Options), Is.EqualTo(limit));
    }

    [TestCase("ephemeral ports (TIME_WAIT)", LimitKind.EphemeralPorts)]
    [TestCase("none: 64 connections opened once", LimitKind.PooledConnections)]
    [TestCase("NAT ports (aws-nat-gateway)", LimitKind.NatPorts)]
    public void PortLimit_WordsOfEarlierSummaries_ReadBack(string words, LimitKind kind) =>
        Assert.That(PortLimit.Parse(words)?.Kind, Is.EqualTo(kind));

    [TestCase("")]
    [TestCase("ephemeral ports")]
    [TestCase("none: many connections opened once")]
    public void PortLimit_OtherWords_AreAJsonError(string words) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PortLimit>(JsonSerializer.Serialize(words), ResultJson.Options));

    [Test]
    public void Segment_ThroughJson_IsIOfN()
    {
        var json = JsonSerializer.Serialize(new Segment(1, 3), ResultJson.Options);

        Assert.That(json, Is.EqualTo("\"1/3\""));
        Assert.That(JsonSerializer.Deserialize<Segment>(json, ResultJson.Options), Is.EqualTo(new Segment(1, 3)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Segment>("\"3/1\"", ResultJson.Options));
    }

    [TestCase(NamespaceKind.IsolatedShared, "\"isolated (shared)\"")]
    [TestCase(NamespaceKind.Host, "\"host\"")]
    public void Namespace_ThroughJson_KeepsItsWords(NamespaceKind kind, string json)
    {
        Assert.That(JsonSerializer.Serialize(kind, ResultJson.Options), Is.EqualTo(json));
        Assert.That(JsonSerializer.Deserialize<NamespaceKind>(json, ResultJson.Options), Is.EqualTo(kind));
    }

    [Test]
    public void EveryNamespaceKindAndMode_HasWords()
    {
        Assert.That(Names.Namespaces.Names, Has.Count.EqualTo(Enum.GetValues<NamespaceKind>().Length));
        Assert.That(Names.Modes.Names, Has.Count.EqualTo(Enum.GetValues<RunMode>().Length));
    }
}
