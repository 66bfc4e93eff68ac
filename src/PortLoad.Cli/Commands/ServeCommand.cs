using System.CommandLine;
using System.Net;
using PortLoad.Scenarios;
using PortLoad.Server;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload serve</c>: the embedded test server on its own, for another machine's PortLoad to target.</summary>
internal static class ServeCommand
{
    /// <summary>The longest --duration: a day (a timer cannot wait much longer, and a test server should not).</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    public static Command Create()
    {
        var protocol = new Option<string>("--protocol") { Description = string.Join(", ", Names.Protocols.Names) + " (https on a self-signed certificate made at start-up)", DefaultValueFactory = _ => "tcp-echo" };
        protocol.AcceptOnlyFromAmong([.. Names.Protocols.Names]);
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => 8080 };
        var address = new Option<string>("--address") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var closeFirst = new Option<string>("--close-first") { Description = "Who closes first: client (server echoes until the client's FIN) or server (one request, then close)", DefaultValueFactory = _ => "client" };
        closeFirst.AcceptOnlyFromAmong("client", "server");
        var requestBytes = new Option<int>("--request-bytes") { Description = "Bytes in one request, when the server closes first", DefaultValueFactory = _ => ScenarioConstants.PayloadBytes };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 10m); default: until Ctrl+C" };
        var responseDelay = new Option<string?>("--response-delay") { Description = "Think this long before answering each request (e.g. 200ms)" };

        var command = new Command("serve", "Run the embedded test server standalone") { protocol, port, address, closeFirst, requestBytes, duration, responseDelay };
        command.SetAction(async (parse, token) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(address), out var ip))
            {
                Console.Error.WriteLine($"--address: \"{parse.GetValue(address)}\" is not an IP address");
                return ExitCodes.InvalidInput;
            }

            var listenPort = parse.GetValue(port);
            if (listenPort is < 0 or > 65535)
            {
                Console.Error.WriteLine($"--port: {listenPort} is not a port; give 0 (any free port) to 65535");
                return ExitCodes.InvalidInput;
            }

            var bytes = parse.GetValue(requestBytes);
            if (bytes is < 0 or > ScenarioValidator.MaxPayloadBytes)
            {
                Console.Error.WriteLine($"--request-bytes: {bytes} must be from 0 to {ScenarioValidator.MaxPayloadBytes} (1 MiB)");
                return ExitCodes.InvalidInput;
            }

            TimeSpan? limit = null;
            if (parse.GetValue(duration) is { } text)
            {
                if (!Duration.TryParse(text, out var d) || d <= TimeSpan.Zero || d > MaxDuration)
                {
                    Console.Error.WriteLine($"--duration: \"{text}\" must be a duration longer than 0 and at most {Duration.Format(MaxDuration)}; write {Duration.Allowed}");
                    return ExitCodes.InvalidInput;
                }

                limit = d;
            }

            Names.Protocols.TryParse(parse.GetValue(protocol)!, out var kind);
            ResponseDelay? delay = null;
            if (parse.GetValue(responseDelay) is { } delayText)
            {
                if (!Duration.TryParse(delayText, out var d) || d <= TimeSpan.Zero || d > ScenarioValidator.MaxResponseDelay)
                {
                    Console.Error.WriteLine($"--response-delay: \"{delayText}\" must be a duration longer than 0 and at most {Duration.Format(ScenarioValidator.MaxResponseDelay)}");
                    return ExitCodes.InvalidInput;
                }

                delay = new ResponseDelay(d);
            }

            var options = new TestServerOptions(parse.GetValue(closeFirst) == "server", bytes, new SeededRandom(new SimulationOptions().Seed), delay);
            ITestServer server;
            try
            {
                server = await TestServers.StartAsync(kind, new IPEndPoint(ip, listenPort), options);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                Console.Error.WriteLine($"serve: cannot listen on {ip}:{listenPort}: {e.Message} (another server there? give another --port, or 0 for any free one)");
                return ExitCodes.InvalidInput;
            }

            await using var serverScope = server;
            Console.WriteLine($"Serving {parse.GetValue(protocol)} on {server.EndPoint} ({(options.ClosesFirst ? "server" : "client")} closes first). Ctrl+C to stop.");

            using var signals = new StopSignals(token, stopping: "closing the server");
            try
            {
                await Task.Delay(limit ?? Timeout.InfiniteTimeSpan, signals.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped by Ctrl+C.
            }

            Console.WriteLine($"Accepted {server.Accepted} connections.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
