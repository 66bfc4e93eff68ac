namespace PortLoad.Cli.Output;

/// <summary><c>watch --web</c>'s page: the destinations as the terminal shows them, large, with a usage bar each.</summary>
internal static class WatchPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>PortLoad watch</title>
        <link rel="icon" href="data:,">
        <style>
          body { background: #111; color: #fff; font-family: sans-serif; font-size: 22px; margin: 24px; }
          h1 { font-size: 34px; margin: 0 0 8px; } #facts { color: #bbb; margin-bottom: 16px; }
          table { border-collapse: collapse; width: 100%; } th, td { padding: 8px 12px; text-align: right; border-bottom: 1px solid #333; }
          th:first-child, td:first-child { text-align: left; } th { color: #bbb; font-weight: normal; }
          .bar { height: 18px; background: #333; border-radius: 5px; overflow: hidden; min-width: 200px; }
          .bar div { height: 100%; background: #009e73; } .bar.high div { background: #e69f00; } .bar.full div { background: #d55e00; }
          .soon { color: #e69f00; font-weight: bold; }
        </style>
        </head>
        <body>
        <h1>PortLoad watch</h1>
        <div id="facts">connecting...</div>
        <table><thead><tr><th>to (from)</th><th>ESTABLISHED</th><th>TIME_WAIT</th><th>use</th><th></th><th>new/s</th><th>runs out</th><th>process</th></tr></thead>
        <tbody id="rows"></tbody></table>
        <script>
          const cell = text => { const td = document.createElement('td'); td.textContent = text; return td; };
          function show(state) {
            document.getElementById('facts').textContent = state.facts;
            const body = document.getElementById('rows');
            body.replaceChildren(...state.destinations.map(d => {
              const tr = document.createElement('tr');
              tr.dataset.destination = d.destination;
              const bar = document.createElement('td');
              bar.innerHTML = `<div class="bar${d.usage >= 0.97 ? ' full' : d.usage >= 0.8 ? ' high' : ''}"><div style="width:${Math.min(100, d.usage * 100)}%"></div></div>`;
              const out = cell(d.secondsToExhaustion == null ? 'never' : `in ${Math.round(d.secondsToExhaustion)} s`);
              if (d.secondsToExhaustion != null) out.className = 'soon';
              tr.append(cell(`${d.destination} (${d.source})`), cell(d.established.toLocaleString('en')), cell(d.timeWait.toLocaleString('en')),
                cell(`${Math.round(d.usage * 100)} %`), bar, cell(d.newPerSecond), out, cell(d.process ?? '-'));
              return tr;
            }));
          }
          new EventSource('/events').onmessage = e => show(JSON.parse(e.data));
        </script>
        </body>
        </html>
        """;
}
