using PortLoad.Cli;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>Options are checked by the parser as typed values: a bad one exits 2 naming the option and the value, before any load.</summary>
[NonParallelizable]
public class CommandLineTests
{
    private string _folder = "";
    private string _scenario = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("portload-cmdline-").FullName;
        _scenario = Path.Combine(_folder, "s.json");
        File.WriteAllText(_scenario, ScenarioJson.Valid);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase("--segment", "3/1", "--segment takes i/N")]
    [TestCase("--segment", "x", "(got \"x\")")]
    [TestCase("--start-at", "yesterday", "--start-at takes a UTC time")]
    [TestCase("--start-at", "9999-12-31T23:59:59Z", "is more than")]
    [TestCase("--start-at", "1e10", "is more than")]
    [TestCase("--web-port", "0", "--web-port takes 1 to 65535 (got \"0\")")]
    [TestCase("--web-port", "abc", "--web-port takes 1 to 65535 (got \"abc\")")]
    [TestCase("--web-linger", "2d", "--web-linger takes a duration")]
    [TestCase("--segments", "0", "--segments takes 1 to 1000 (got \"0\")")]
    [TestCase("--segments", "abc", "--segments takes 1 to 1000 (got \"abc\")")]
    public async Task Run_BadOption_Exits2NamingItBeforeAnyLoad(string option, string value, string message)
    {
        var output = Path.Combine(_folder, "out");

        var (code, errors) = await MainWithErrorsAsync(["run", _scenario, option, value, "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain(message));
        Assert.That(Directory.Exists(output), Is.False, "nothing reserved, nothing run");
    }

    [TestCase("--segment", "0/2")]
    [TestCase("--web")]
    [TestCase("--parallel")]
    [TestCase("--prometheus", "127.0.0.1:9465")]
    [TestCase("--otlp", "http://127.0.0.1:4318")]
    public async Task Run_SegmentsWithAnotherWayToSplit_Exits2(params string[] other)
    {
        var (code, errors) = await MainWithErrorsAsync(["run", _scenario, "--segments", "2", .. other]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain("--segments goes with none of"));
    }

    [Test]
    public async Task Run_ParallelOnAHostScenario_IsTheValidatorsError()
    {
        var (code, errors) = await MainWithErrorsAsync(["run", _scenario, "--parallel", "--out", Path.Combine(_folder, "out")]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain($"{_scenario}: parallel: needs \"network\": {{ \"namespace\": \"isolated\" }}"));
    }

    [TestCase("--instances", "abc", "--instances takes 1 to 1000 (got \"abc\")")]
    [TestCase("--instances", "1001", "--instances takes 1 to 1000 (got \"1001\")")]
    [TestCase("--start-at", "9999-12-31T23:59:59Z", "is more than")]
    // Regressions (#26, item 14): each of these was written into the manifests (or crashed with FormatException, exit 1).
    [TestCase("--namespace", "a b", "--namespace: \"a b\" is not a DNS-1123 label")]
    [TestCase("--namespace", "load\n", "--namespace: \"load\\n\" is not a DNS-1123 label")]
    [TestCase("--results-claim", "a b", "--results-claim: \"a b\" is not a DNS-1123 name")]
    [TestCase("--image", "", "--image: \"\" is not an image reference")]
    [TestCase("--image", "portload\n:latest", "--image: \"portload\\n:latest\" is not an image reference")]
    [TestCase("--memory", "-1Gi", "--memory: \"-1Gi\" is not a quantity more than 0")]
    [TestCase("--memory", "", "--memory: \"\" is not a quantity more than 0")]
    [TestCase("--cpu", "garbage", "--cpu: \"garbage\" is not a quantity more than 0")]
    [TestCase("--out", "", "--out: an empty name")]
    [TestCase("--otlp", "collector:4318", "--otlp: \"collector:4318\" is not an http(s) URL of an OTLP receiver")]
    public async Task Kubernetes_BadOption_Exits2NamingIt(string option, string value, string message)
    {
        string[] args = option == "--instances" ? ["k8s", _scenario, option, value] : ["k8s", _scenario, "--instances", "2", option, value];

        var (code, errors) = await MainWithErrorsAsync(args);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain(message));
    }

    [TestCase("--interval", "50ms", "--interval takes a duration from 100ms to 3600s, e.g. 1s (got \"50ms\")")]
    [TestCase("--top", "0", "--top takes 1 to 1000 (got \"0\")")]
    [TestCase("--count", "-1", "--count takes 0 to")]
    [TestCase("--pid", "abc", "--pid takes 1 to")]
    [TestCase("--web-port", "65536", "--web-port takes 1 to 65535")]
    [TestCase("--prometheus", "9464", "--prometheus: \"9464\" is not HOST:PORT")]
    [TestCase("--prometheus", "127.0.0.1:0", "--prometheus: \"127.0.0.1:0\" is not HOST:PORT")]
    public async Task Watch_BadOption_Exits2NamingIt(string option, string value, string message)
    {
        // --count 1 beside the option: should the option pass after all, the watch still ends after one sample.
        string[] args = option == "--count" ? ["watch", option, value] : ["watch", option, value, "--count", "1"];

        var (code, errors) = await MainWithErrorsAsync(args);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain(message));
    }

    // Regression: with the metrics served by Kestrel, a port in use threw IOException where HttpListenerException was
    // caught, and an address not this host's a SocketException: "a fault in PortLoad", exit 1.
    [TestCase(true)]
    [TestCase(false)]
    public async Task Watch_PrometheusCannotListen_Exits2NamingIt(bool portInUse)
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        // 192.0.2.1 (TEST-NET-1, documentation only) is no address of this host: binding it fails, nothing is sent.
        var endpoint = portInUse ? $"127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}" : "192.0.2.1:9464";

        var (code, errors) = await MainWithErrorsAsync(["watch", "--prometheus", endpoint, "--count", "1"]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain($"--prometheus {endpoint}: cannot listen there"));
    }

    [Test]
    public async Task Run_PrometheusPortInUse_Exits2BeforeAnyLoad()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var output = Path.Combine(Path.GetTempPath(), "portload-prom-" + Guid.NewGuid().ToString("N"));

        var (code, errors) = await MainWithErrorsAsync(["run", _scenario, "--prometheus", $"127.0.0.1:{port}", "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain($"--prometheus 127.0.0.1:{port}: cannot listen there"));
        Assert.That(Directory.Exists(output), Is.False, "refused before the results folder, so before any load");
    }

    [TestCase("ftp://127.0.0.1:4318")]
    [TestCase("127.0.0.1:4318")]
    [TestCase("http://")]
    [TestCase("")]
    public async Task Run_OtlpNotAnHttpUrl_Exits2NamingIt(string value)
    {
        var (code, errors) = await MainWithErrorsAsync(["run", _scenario, "--otlp", value]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), errors);
        Assert.That(errors, Does.Contain($"--otlp: \"{value}\" is not an http(s) URL of an OTLP receiver"));
    }

    [Test]
    public async Task Watch_NetnsAndPid_Exits2()
    {
        var (code, errors) = await MainWithErrorsAsync(["watch", "--netns", "/proc/1/ns/net", "--pid", "1"]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain("--netns and --pid cannot both be given"));
    }

    // Regression: with --netns and --pid both given, the conflict was the only error reported (System.CommandLine checks
    // no option once a command's own validator failed): six other bad options went unsaid. Likewise run's --segments.
    [TestCase("watch", "--netns", "/x", "--pid", "0", "--interval", "x", "--top", "0", "--count", "-1", "--web-port", "abc", "--prometheus", "bad")]
    [TestCase("run", "s.json", "--segments", "2", "--parallel", "--web-port", "abc", "--segment", "9/2", "--start-at", "never")]
    public async Task ManyBadOptions_EachReported(params string[] args)
    {
        var (code, errors) = await MainWithErrorsAsync(args);
        var expected = args[0] == "watch"
            ? new[] { "--netns and --pid cannot both be given", "--pid takes", "--interval takes", "--top takes", "--count takes", "--web-port takes", "--prometheus: \"bad\"" }
            : ["--segments goes with none of", "--web-port takes", "--segment", "--start-at takes"];

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(expected.Where(e => !errors.Contains(e, StringComparison.Ordinal)), Is.Empty, errors);
    }

    // Regression: validate said "ok" for a source address that is not this host's, which run then refused.
    [TestCase(false, ExitCodes.Ok, "warning: run would refuse it on this host")]
    [TestCase(true, ExitCodes.InvalidInput, "error: run would refuse it on this host")]
    public async Task Validate_SourceAddressNotThisHosts_WarnsOrWithStrictFails(bool strict, int expected, string message)
    {
        // 192.0.2.1 (TEST-NET-1, documentation only) is no address of this host; nothing is sent to it.
        File.WriteAllText(_scenario, ScenarioJson.Valid.Replace("\"load\"", "\"clients\": { \"sourceAddresses\": [\"192.0.2.1\"] }, \"load\"", StringComparison.Ordinal));

        var (code, errors) = await MainWithErrorsAsync(strict ? ["validate", "--strict", _scenario] : ["validate", _scenario]);

        Assert.That(code, Is.EqualTo(expected), errors);
        Assert.That(errors, Does.Contain(message).And.Contain("clients.sourceAddresses[0]: 192.0.2.1 is not an address of this host"));
    }

    // Regression: every parse error exited 1 (System.CommandLine's own action), where bad input is 2.
    [TestCase("no-such-verb")]
    [TestCase("validate", "--no-such-option")]
    [TestCase("run")]
    [TestCase("simulate")]
    [TestCase("validate")]
    [TestCase("sweep")]
    [TestCase("k8s")]
    [TestCase("report")]
    [TestCase("compare", "one-folder")]
    [TestCase("merge")]
    [TestCase("serve", "--protocol", "ftp")]
    [TestCase("serve", "--close-first", "nobody")]
    [TestCase("serve", "--port", "abc")]
    [TestCase("inspect", "--json", "extra")]
    public async Task ParseErrors_Exit2(params string[] args)
    {
        var (code, _) = await MainWithErrorsAsync(args);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
    }

    private static async Task<(int Code, string Errors)> MainWithErrorsAsync(string[] args)
    {
        var (code, _, errors) = await CliInProcess.MainAsync(args);
        return (code, errors);
    }
}
