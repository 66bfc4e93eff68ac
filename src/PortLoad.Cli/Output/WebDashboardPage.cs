namespace PortLoad.Cli.Output;

/// <summary>The dashboard's one page: large type and high contrast for a projector, Okabe-Ito colours, no external resource.</summary>
internal static class WebDashboardPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PortLoad live</title>
        <link rel="icon" href="data:,">
        <style>
          body { background: #111; color: #fff; font-family: sans-serif; font-size: 22px; margin: 24px; }
          h1 { font-size: 34px; margin: 0 0 16px; } h1 small { color: #bbb; font-weight: normal; font-size: 22px; }
          #strategies { display: flex; flex-wrap: wrap; gap: 24px; }
          .strategy { background: #1d1d1d; border: 2px solid #444; border-radius: 10px; padding: 16px 20px; flex: 1 1 560px; }
          .strategy h2 { margin: 0 0 8px; font-size: 30px; color: #56b4e9; }
          .ports { font-size: 44px; font-weight: bold; }
          .gauge { height: 22px; background: #333; border-radius: 6px; overflow: hidden; margin: 8px 0 12px; }
          .gauge div { height: 100%; background: #009e73; width: 0; }
          .gauge.high div { background: #e69f00; } .gauge.full div { background: #d55e00; }
          .figures { color: #ddd; } .figures b { color: #fff; }
          .first[hidden] { display: none; }
          .first { font-size: 32px; font-weight: bold; color: #111; background: #e69f00; padding: 6px 12px; border-radius: 6px; margin: 10px 0; display: inline-block; }
          .chart { background: #fff; border-radius: 8px; margin-top: 12px; } .chart svg { width: 100%; height: auto; }
          #report { display: none; margin-top: 24px; } #report iframe { width: 100%; height: 80vh; background: #fff; border: 0; border-radius: 8px; }
          .done { color: #009e73; }
        </style>
        </head>
        <body>
        <h1>PortLoad <small id="scenario">connecting...</small></h1>
        <div id="strategies"></div>
        <section id="report"><h1 class="done">Done: the report</h1><iframe title="report" src="about:blank"></iframe></section>
        <script>
          const cards = new Map();
          const number = n => n.toLocaleString('en');
          function card(name) {
            if (cards.has(name)) return cards.get(name);
            const el = document.createElement('div');
            el.className = 'strategy';
            el.dataset.strategy = name;
            el.innerHTML = '<h2></h2><div class="ports"></div><div class="gauge"><div></div></div>' +
              '<div class="figures"></div><div class="first" hidden></div><div class="chart"></div>';
            el.querySelector('h2').textContent = name;
            document.getElementById('strategies').appendChild(el);
            cards.set(name, el);
            return el;
          }
          function show(state) {
            document.getElementById('scenario').textContent = state.scenario;
            for (const s of state.strategies) {
              const el = card(s.name);
              const share = s.portSpace > 0 ? s.portsInUse / s.portSpace : 0;
              el.querySelector('.ports').textContent = `${number(s.portsInUse)} / ${number(s.portSpace)} ports in use`;
              el.querySelector('.gauge div').style.width = `${Math.min(100, share * 100)}%`;
              el.querySelector('.gauge').className = 'gauge' + (share >= 0.97 ? ' full' : share >= 0.8 ? ' high' : '');
              const failures = Object.entries(s.failures).map(([k, v]) => `${k} ${number(v)}`).join(', ') || 'none';
              el.querySelector('.figures').innerHTML =
                `TIME_WAIT <b>${number(s.timeWait)}</b> &middot; ESTABLISHED <b>${number(s.established)}</b><br>` +
                `offered <b>${s.attemptedPerSecond}/s</b> &middot; achieved <b>${s.achievedPerSecond}/s</b> &middot; p99 <b>${s.p99Ms ?? '-'} ms</b><br>` +
                `failures <b class="failures">${failures}</b> &middot; ${s.finished ? 'finished' : 'running'} at ${s.elapsedSeconds} s`;
              const first = el.querySelector('.first');
              first.hidden = !s.firstFailure;
              first.textContent = s.firstFailure ?? '';
            }
            const report = document.getElementById('report');
            if (state.report && report.style.display !== 'block') {
              report.style.display = 'block';
              report.querySelector('iframe').src = state.report;
            }
          }
          const events = new EventSource('/events');
          events.onmessage = e => show(JSON.parse(e.data));
          // Each chart comes on its own, only when it changed: its strategy's card may not be there yet.
          events.addEventListener('chart', e => { const c = JSON.parse(e.data); card(c.name).querySelector('.chart').innerHTML = c.chart; });
        </script>
        </body>
        </html>
        """;
}
