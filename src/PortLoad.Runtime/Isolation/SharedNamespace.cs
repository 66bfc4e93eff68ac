using System.Diagnostics;
using PortLoad.HostInfo;
using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Isolation;

/// <summary>
/// One fresh network namespace that several processes run in together: the segments of a run whose connections
/// must meet one server port (more connections than one process may hold descriptors for). A holder process,
/// started under <c>unshare --net</c>, prepares it as an isolated run's namespace (loopback, source addresses,
/// range, tcp_tw_reuse, somaxconn) and keeps it alive until its input closes; others enter it by
/// <see cref="NetnsPath"/> (<c>nsenter --net=...</c>).
/// </summary>
public sealed class SharedNamespace : IDisposable
{
    /// <summary>The hidden verb the holder runs.</summary>
    public const string HolderVerb = "namespace-holder";

    private const string Ready = "ready";
    private readonly Process _holder;

    private SharedNamespace(Process holder)
    {
        _holder = holder;
        NetnsPath = $"/proc/{holder.Id}/ns/net";
    }

    /// <summary>The namespace's handle, for <c>nsenter --net=</c>.</summary>
    public string NetnsPath { get; }

    /// <summary>Starts the holder and waits until the namespace is ready; the error it printed when it could not.</summary>
    public static async Task<SharedNamespace> StartAsync(ChildCommand command, Scenario scenario, CancellationToken stop)
    {
        var start = new ProcessStartInfo("unshare") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--net", "--", command.FileName, .. command.Arguments, HolderVerb])
        {
            start.ArgumentList.Add(argument);
        }

        Process holder;
        try
        {
            holder = Process.Start(start) ?? throw new InvalidOperationException("could not start unshare");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"segments sharing a namespace need 'unshare' (util-linux), which could not be started: {e.Message}", e);
        }

        await holder.StandardInput.WriteLineAsync(ChildProtocol.Write(new ChildRequest(scenario, "", NetworkNamespace.Current(), ""))).ConfigureAwait(false);
        await holder.StandardInput.FlushAsync(stop).ConfigureAwait(false);
        var line = await holder.StandardOutput.ReadLineAsync(stop).ConfigureAwait(false);
        if (line != Ready)
        {
            var error = await holder.StandardError.ReadToEndAsync(stop).ConfigureAwait(false);
            holder.Dispose();
            throw new InvalidOperationException($"the shared namespace could not be prepared (root and util-linux's unshare are needed): {error.Trim()}");
        }

        return new SharedNamespace(holder);
    }

    /// <summary>The holder's side: prepares the namespace it runs in, says so, and stays until its input closes.</summary>
    public static void Hold(TextReader input, TextWriter output, PortLoadSettings settings)
    {
        var request = ChildProtocol.Read<ChildRequest>(input.ReadLine() ?? "");
        var scenario = request.Scenario.Validated(settings.Limits);
        NetworkNamespace.Prepare(SettingsInForce.For(scenario, null, HostFactsReader.Read()), scenario.SourceAddresses, request.ParentNamespace);
        output.WriteLine(Ready);
        output.Flush();
        while (input.ReadLine() is not null)
        {
            // Nothing more is said; the end of input ends the namespace.
        }
    }

    public void Dispose()
    {
        try
        {
            _holder.StandardInput.Close();
            if (!_holder.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _holder.Kill();
            }
        }
        finally
        {
            _holder.Dispose();
        }
    }
}
