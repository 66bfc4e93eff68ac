using System.Diagnostics;

namespace PortLoad.Tests.TestSupport;

/// <summary>
/// A real nginx (Debian's nginx-light, which .ci/run installs) on 127.0.0.1 with a configuration of the test's own:
/// /ok answers 200 with a body, /busy 503, /limited 429, /missing 404, /put-only 204 to a PUT carrying X-PortLoad: yes.
/// </summary>
public sealed class Nginx : IDisposable
{
    private const string Program = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _prefix;

    private Nginx(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Nginx> StartAsync()
    {
        if (!File.Exists(Program))
        {
            Assert.Ignore($"needs nginx at {Program} (apt-get install nginx-light; .ci/run installs it)");
        }

        var prefix = Directory.CreateTempSubdirectory("portload-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var port = Loopback.UnusedEndPoint().Port;
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              server {
                listen 127.0.0.1:{{port}};
                keepalive_requests 1000000;
                location /ok { return 200 "0123456789abcde\n"; }
                location /busy { return 503; }
                location /limited { return 429; }
                location /put-only {
                  if ($request_method != PUT) { return 405; }
                  if ($http_x_portload != "yes") { return 400; }
                  return 204;
                }
              }
            }
            """);
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", Path.Combine(prefix, "nginx.conf"), "-p", prefix })
        {
            start.ArgumentList.Add(arg);
        }

        var nginx = new Nginx(Process.Start(start)!, prefix, port);
        var up = await Eventually.ValueAsync(() => Loopback.Accepts(port) || nginx._process.HasExited, done => done, TimeSpan.FromSeconds(10));
        Assert.That(up && !nginx._process.HasExited, Is.True, $"nginx did not start: {(nginx._process.HasExited ? nginx._process.StandardError.ReadToEnd() : "not listening")}");
        return nginx;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }
}
