using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

public class ScenarioParserTests
{
    [Test]
    public void ParseFile_Quickstart_ReadsEveryField()
    {
        var path = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "quickstart.json");

        var scenario = new ScenarioParser(new ScenarioLimits()).ParseFile(path);

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Name, Is.EqualTo("quickstart"));
            Assert.That(scenario.Target.Embedded, Is.True);
            Assert.That(scenario.Target.Protocol, Is.EqualTo(TargetProtocol.TcpEcho));
            Assert.That(scenario.Load, Is.EqualTo(new LoadPhase[] { new InjectPhase(300, TimeSpan.FromSeconds(10)) }));
            Assert.That(scenario.Request.PayloadBytes, Is.EqualTo(64));
            Assert.That(scenario.Request.Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(scenario.Strategies.Select(s => (s.Name, s.Connections, s.CloseBy)), Is.EqualTo(new[]
            {
                ("per-request", ConnectionMode.PerRequest, (CloseBy?)CloseBy.Client),
                ("pooled", ConnectionMode.Pooled, (CloseBy?)null),
            }));
            Assert.That(scenario.Strategies[1].PoolSize, Is.EqualTo(8));
            Assert.That(scenario.SamplingInterval, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        });
    }

    [TestCase("", 0.5, 100.0)]
    [TestCase(""", "warmUp": { "during": "2s", "rate": 50 }""", 2.0, 50.0)]
    [TestCase(""", "warmUp": { "rate": 20 }""", 0.5, 20.0)]
    public void Parse_WarmUp_DefaultsFillWhatIsLeftOut(string warmUp, double seconds, double rate)
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\"", "\"name\": \"t\"" + warmUp));

        Assert.That(scenario.WarmUp, Is.EqualTo(new WarmUpOptions(TimeSpan.FromSeconds(seconds), rate)));
    }

    [Test]
    public void Parse_WarmUpNull_TurnsItOff() =>
        Assert.That(ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\"", "\"name\": \"t\", \"warmUp\": null")).WarmUp, Is.Null);

    [TestCase("""{ "during": "0s" }""", "warmUp.during", "must be longer than 0")]
    [TestCase("""{ "during": "2m" }""", "warmUp.during", "\"120s\" must be at most 60s")]
    [TestCase("""{ "rate": 0 }""", "warmUp.rate", "0 must be > 0")]
    [TestCase("""{ "rates": 5 }""", "warmUp.rates", "did you mean \"rate\"?")]
    [TestCase("5", "warmUp", "5 must be an object")]
    public void Parse_BadWarmUp_NamesThePlace(string warmUp, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\"", "\"name\": \"t\", \"warmUp\": " + warmUp));

        Assert.That(errors.Select(e => e.Path), Does.Contain(path));
        Assert.That(errors.Single(e => e.Path == path).Message, Does.Contain(message));
    }

    [Test]
    public void Parse_ParallelInTheHostNamespace_IsRefused()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\"", "\"name\": \"t\", \"parallel\": true"));

        Assert.That(errors.Single(e => e.Path == "parallel").Message, Does.Contain("\"namespace\": \"isolated\""));
    }

    [Test]
    public void Parse_ParallelIsolated_CapsTheRunAtOneLoadDuration()
    {
        // 6 minutes a strategy: two one after another exceed the 10-minute cap, two at once do not.
        var json = ScenarioJson.Valid.Replace("\"during\": \"1s\"", "\"during\": \"6m\"")
            .Replace("\"strategies\": [", "\"network\": { \"namespace\": \"isolated\" }, \"strategies\": [ { \"name\": \"b\", \"connections\": \"pooled\" },");

        Assert.That(ScenarioJson.Errors(json).Select(e => e.Path), Does.Contain("load"));
        Assert.That(ScenarioJson.Parse(json.Replace("\"name\": \"t\"", "\"name\": \"t\", \"parallel\": true")).Parallel, Is.True);
    }

    [TestCase("", false)]
    [TestCase(""", "portChoice": "connect" """, false)]
    [TestCase(""", "portChoice": "bind" """, true)]
    public void Parse_PortChoice(string field, bool binds) =>
        Assert.That(ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"connections\": \"per-request\"", "\"connections\": \"per-request\"" + field)).Strategies[0].BindsPort, Is.EqualTo(binds));

    [Test]
    public void Parse_PortChoiceUnknown_SaysWhatIsAllowed() =>
        Assert.That(ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"connections\": \"per-request\"", "\"connections\": \"per-request\", \"portChoice\": \"bnd\"")).Single().Message, Does.Contain("\"bind\"").And.Contain("connect"));

    [Test]
    public void Parse_EveryPhaseKind_InOrder()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "p", "target": { "host": "127.0.0.1", "port": 9000, "protocol": "http", "path": "/x" },
              "load": [ { "inject": { "rate": 5, "during": "500ms" } },
                        { "rampInject": { "from": 1, "to": 10, "during": "2m" } },
                        { "keepConstant": { "copies": 4, "during": "1s" } },
                        { "pause": { "during": "1.5s" } } ],
              "strategies": [ { "name": "a", "connections": "per-request", "closeBy": "reset" } ] }
            """);

        Assert.That(scenario.Load, Is.EqualTo(new LoadPhase[]
        {
            new InjectPhase(5, TimeSpan.FromMilliseconds(500)),
            new RampInjectPhase(1, 10, TimeSpan.FromMinutes(2)),
            new KeepConstantPhase(4, TimeSpan.FromSeconds(1)),
            new PausePhase(TimeSpan.FromSeconds(1.5)),
        }));
        Assert.That(scenario.Target, Is.EqualTo(new TargetOptions { Host = "127.0.0.1", Port = 9000, Protocol = TargetProtocol.Http, Path = "/x" }));
        Assert.That(scenario.Strategies[0].CloseBy, Is.EqualTo(CloseBy.Reset));
    }

    [Test]
    public void Parse_InvalidJson_ReportsLineAndPosition()
    {
        var errors = ScenarioJson.Errors("{\n  \"name\": \"x\",\n  \"target\": { ]\n}");

        Assert.That(errors.Single().Message, Does.StartWith("invalid JSON at line 3, position 15"));
    }

    [Test]
    public void Parse_UnknownField_SuggestsNearestName()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"connections\": \"per-request\"", "\"connections\": \"per-request\", \"poolsize\": 3"));

        Assert.That(errors.Single().Path, Is.EqualTo("strategies[0].poolsize"));
        Assert.That(errors.Single().Message, Does.Contain("did you mean \"poolSize\"?"));
    }

    [Test]
    public void Parse_MisspelledChoice_SuggestsNearestValue()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"connections\": \"per-request\"", "\"connections\": \"per-requets\""));

        Assert.That(errors.Single().ToString(), Is.EqualTo(
            "test.json: strategies[0].connections: \"per-requets\" is not allowed; did you mean \"per-request\"? allowed: per-request, pooled"));
    }

    [TestCase("\"rate\": -5", "load[0].inject.rate", "-5 must be > 0")]
    [TestCase("\"rate\": 0", "load[0].inject.rate", "0 must be > 0")]
    [TestCase("\"rate\": \"fast\"", "load[0].inject.rate", "\"fast\" must be a number")]
    [TestCase("\"rate\": 1e9", "load[0].inject.rate", "1000000000 must be <= 50000")]
    public void Parse_BadRate_NamesPathAndValue(string rate, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"rate\": 100", rate));

        Assert.That(errors.Single().Path, Is.EqualTo(path));
        Assert.That(errors.Single().Message, Does.StartWith(message));
    }

    [TestCase("\"1 second\"", "is not a duration")]
    [TestCase("\"0s\"", "must be longer than 0")]
    [TestCase("\"-1s\"", "is not a duration")]
    [TestCase("10", "must be a string")]
    [TestCase("\"11m\"", "must be at most 600s")]
    [TestCase("\"1000000000000s\"", "must be at most 600s")]
    [TestCase("\"1e400h\"", "is not a duration")]
    public void Parse_BadDuration_IsReported(string during, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"1s\"", during));

        Assert.That(errors.Select(e => e.Path), Has.Member("load[0].inject.during"));
        Assert.That(errors.First(e => e.Path == "load[0].inject.during").Message, Does.Contain(message));
    }

    [Test]
    public void Parse_ManyProblems_AreReportedTogether()
    {
        var errors = ScenarioJson.Errors("""
            { "name": "bad name!", "target": { "server": "embedded", "protocol": "udp" },
              "load": [ { "inject": { "rate": -1, "during": "x" } }, { "keepConstant": { "copies": 1.5, "during": "1s" } } ],
              "request": { "payloadBytes": -1 },
              "strategies": [ { "name": "a", "connections": "pooled", "closeBy": "client" },
                              { "name": "a", "connections": "per-request", "poolSize": 2 } ],
              "extra": true }
            """);

        Assert.That(errors.Select(e => e.Path), Is.EquivalentTo(new[]
        {
            "extra", "name", "target.protocol", "load[0].inject.rate", "load[0].inject.during",
            "load[1].keepConstant.copies", "request.payloadBytes", "strategies[0].closeBy",
            "strategies[1].name", "strategies[1].poolSize",
        }));
        Assert.That(errors.All(e => e.File == "test.json"), Is.True);
    }

    [Test]
    public void Parse_PhaseWithTwoKinds_IsRejected()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace(
            "{ \"inject\": { \"rate\": 100, \"during\": \"1s\" } }",
            "{ \"inject\": { \"rate\": 100, \"during\": \"1s\" }, \"pause\": { \"during\": \"1s\" } }"));

        Assert.That(errors.Single().Message, Does.StartWith("must have exactly one of inject, rampInject, keepConstant, pause"));
    }

    [TestCase("\"load\": []", "load", "must not be empty")]
    [TestCase("\"load\": {}", "load", "an object must be an array")]
    public void Parse_BadLoadArray_IsRejected(string load, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"load\": [ { \"inject\": { \"rate\": 100, \"during\": \"1s\" } } ]", load));

        Assert.That(errors.Single(), Is.EqualTo(new ScenarioError("test.json", path, message)));
    }

    [Test]
    public void Parse_MissingRequiredFields_AreNamed()
    {
        var errors = ScenarioJson.Errors("{ }");

        Assert.That(errors.Select(e => e.Path), Is.EquivalentTo(new[] { "name", "target", "load", "strategies" }));
        Assert.That(errors.All(e => e.Message == "is required"), Is.True);
    }

    [Test]
    public void Parse_RemoteHost_IsRefusedUnlessAllowed()
    {
        var remote = ScenarioJson.Valid.Replace("\"server\": \"embedded\"", "\"host\": \"192.0.2.10\", \"port\": 80");

        var errors = ScenarioJson.Errors(remote);
        var allowedByScenario = ScenarioJson.Parse(remote.Replace("\"port\": 80", "\"port\": 80, \"allowRemote\": true"));
        var allowedBySettings = ScenarioJson.Parse(remote, new ScenarioLimits { AllowRemoteTargets = true });

        Assert.That(errors.Single().Path, Is.EqualTo("target.host"));
        Assert.That(errors.Single().Message, Does.Contain("not a loopback address").And.Contain("allowRemote"));
        Assert.That(allowedByScenario.Target.Host, Is.EqualTo("192.0.2.10"));
        Assert.That(allowedBySettings.Target.Host, Is.EqualTo("192.0.2.10"));
    }

    [TestCase("\"server\": \"embedded\", \"host\": \"127.0.0.1\"", "give either")]
    [TestCase("\"server\": \"other\"", "\"other\" is not allowed")]
    [TestCase("\"host\": \"127.0.0.1\"", "needs \"server\"")]
    public void Parse_ContradictoryTarget_IsRejected(string target, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"server\": \"embedded\"", target));

        Assert.That(errors.Select(e => e.Message), Has.Some.Contains(message));
    }

    [Test]
    public void Parse_TooLongInTotal_NamesTheSetting()
    {
        var twoPhases = ScenarioJson.Valid.Replace(
            "{ \"inject\": { \"rate\": 100, \"during\": \"1s\" } }",
            "{ \"inject\": { \"rate\": 100, \"during\": \"1s\" } }, { \"pause\": { \"during\": \"1s\" } }");

        var errors = ScenarioJson.Errors(twoPhases, new ScenarioLimits { MaxRunDuration = TimeSpan.FromSeconds(1.5) });

        Assert.That(errors.Single().Path, Is.EqualTo("load"));
        Assert.That(errors.Single().Message, Does.Contain("2s in all").And.Contain("PortLoad:MaxRunDuration"));
    }

    [Test]
    public void ParseFile_Missing_SaysFileNotFound()
    {
        var e = Assert.Throws<ScenarioException>(() => new ScenarioParser(new ScenarioLimits()).ParseFile("no/such/file.json"));

        Assert.That(e!.Errors.Single(), Is.EqualTo(new ScenarioError("no/such/file.json", "", "file not found")));
    }

    [Test]
    public void Parse_DuplicateField_IsReported()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",", "\"name\": \"t\", \"name\": \"u\","));

        Assert.That(errors.Single(), Is.EqualTo(new ScenarioError("test.json", "name", "appears twice")));
    }

    [Test]
    public void Parse_IsolatedNetwork_ReadsRangeReuseAndSources()
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\",",
            "\"name\": \"t\", \"network\": { \"namespace\": \"isolated\", \"ephemeralPortRange\": [40000, 40999], \"tcpTwReuse\": 0 }, \"clients\": { \"sourceAddresses\": [\"127.0.0.1\", \"127.0.0.2\"] },"));

        Assert.That(scenario.Network, Is.EqualTo(new NetworkOptions { Isolated = true, EphemeralPortRange = new PortRange(40000, 40999), TcpTwReuse = 0 }));
        Assert.That(scenario.SourceAddresses.Select(a => a.ToString()), Is.EqualTo(new[] { "127.0.0.1", "127.0.0.2" }));
    }

    [Test]
    public void Parse_HostSettingsOnHostNamespace_SaysPortLoadNeverChangesTheHost()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",",
            "\"name\": \"t\", \"network\": { \"namespace\": \"host\", \"tcpTwReuse\": 0 },"));

        Assert.That(errors.Single().Path, Is.EqualTo("network"));
        Assert.That(errors.Single().Message, Does.Contain("never changes the host's settings").And.Contain("isolated"));
    }

    [TestCase("[40999, 40000]", "must satisfy 1024 <= low <= high <= 65535")]
    [TestCase("[80, 1000]", "must satisfy 1024 <= low <= high <= 65535")]
    [TestCase("[40000]", "must be [low, high], two whole numbers")]
    [TestCase("\"40000-40999\"", "must be [low, high], two whole numbers")]
    public void Parse_BadPortRange_IsRejected(string range, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",",
            $"\"name\": \"t\", \"network\": {{ \"namespace\": \"isolated\", \"ephemeralPortRange\": {range} }},"));

        Assert.That(errors.Single().Path, Is.EqualTo("network.ephemeralPortRange"));
        Assert.That(errors.Single().Message, Does.EndWith(message));
    }

    [TestCase("[\"not-an-ip\"]", "clients.sourceAddresses[0]", "must be an IP address")]
    [TestCase("[\"127.0.0.2\", \"127.0.0.2\"]", "clients.sourceAddresses[1]", "is listed twice")]
    [TestCase("[]", "clients.sourceAddresses", "must not be empty")]
    public void Parse_BadSourceAddresses_AreRejected(string addresses, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",",
            $"\"name\": \"t\", \"clients\": {{ \"sourceAddresses\": {addresses} }},"));

        Assert.That(errors.Single().Path, Is.EqualTo(path));
        Assert.That(errors.Single().Message, Does.Contain(message));
    }

    [TestCase("\"namespace\": \"isolate\"", "did you mean \"isolated\"?")]
    [TestCase("\"namespace\": \"isolated\", \"tcpTwReuse\": 3", "3 must be <= 2")]
    public void Parse_BadNetworkValues_AreRejected(string network, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",", $"\"name\": \"t\", \"network\": {{ {network} }},"));

        Assert.That(errors.Single().Message, Does.Contain(message));
    }

    [Test]
    public void Parse_StrategyTcpTwReuseOnHostNamespace_IsRejected()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"connections\": \"per-request\"", "\"connections\": \"per-request\", \"tcpTwReuse\": 0"));

        Assert.That(errors.Single().Path, Is.EqualTo("strategies[0].tcpTwReuse"));
        Assert.That(errors.Single().Message, Does.Contain("isolated namespace only"));
    }

    [Test]
    public void Parse_AdjustedBeforeItIsJudged_TheRunCapCountsOneParallelLoad()
    {
        // Two strategies of 6 minutes one after another exceed a 10-minute cap; at the same time (--parallel) they do not.
        var json = """
            { "name": "t", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated" },
              "load": [ { "inject": { "rate": 10, "during": "6m" } } ],
              "strategies": [ { "name": "a", "connections": "per-request" }, { "name": "b", "connections": "pooled" } ] }
            """;
        var limits = new ScenarioLimits { MaxRunDuration = TimeSpan.FromMinutes(10) };

        var sequential = Assert.Throws<ScenarioException>(() => new ScenarioParser(limits).Parse(json, "t.json"));
        var parallel = new ScenarioParser(limits).Parse(json, "t.json", adjust: s => s with { Parallel = true });

        Assert.That(sequential!.Message, Does.Contain("load"));
        Assert.That(parallel.Parallel, Is.True);
    }
}
