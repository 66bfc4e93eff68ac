namespace PortLoad.Cli.Output;

/// <summary>
/// The dashboard's one page, made for a projector: one screen without scrolling at 1280x720 and up, every strategy
/// side by side (two rows from three), type no smaller than 18 px, high contrast on a dark page, Okabe-Ito colours, and
/// no external resource. A strategy's first failure flashes its panel once; the report opens over the live view.
/// </summary>
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
          html, body { height: 100%; margin: 0; }
          body { background: #111; color: #fff; font-family: "Liberation Sans", Arial, sans-serif; font-size: max(18px, 2.6vh);
                 padding: 0.5em 0.8em; box-sizing: border-box; display: flex; flex-direction: column; overflow: hidden; }
          header { display: flex; align-items: center; gap: 1em; margin-bottom: 0.4em; }
          h1 { font-size: 1.4em; margin: 0; flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
          #scenario { color: #bbb; font-weight: normal; }
          button { font: inherit; color: #111; background: #56b4e9; border: 0; border-radius: 0.3em; padding: 0.15em 0.7em; cursor: pointer; }
          button[hidden] { display: none; }
          #strategies { flex: 1; min-height: 0; display: grid; gap: 0.6em; grid-template-columns: repeat(var(--columns, 1), minmax(0, 1fr)); grid-auto-rows: minmax(0, 1fr); }
          .strategy { background: #1d1d1d; border: 2px solid #444; border-radius: 10px; padding: 0.3em 0.7em 0.5em; min-width: 0; min-height: 0;
                      display: flex; flex-direction: column; overflow: hidden; }
          /* Three or four: the figures left, the chart right, as tall as the panel under its heading. */
          .many .strategy { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.35fr); grid-template-rows: repeat(5, min-content) minmax(0, 1fr); column-gap: 0.6em; }
          .many .strategy h2 { grid-column: 1 / -1; }
          .many .chart { grid-column: 2; grid-row: 2 / -1; height: 100%; }
          .strategy h2 { margin: 0; font-size: 1.25em; color: #56b4e9; display: flex; justify-content: space-between; align-items: baseline; gap: 0.5em; white-space: nowrap; }
          .strategy h2 .name { overflow: hidden; text-overflow: ellipsis; }
          .state { font-size: 0.8em; font-weight: normal; color: #ddd; }
          .state.finished { color: #3fd0a0; } .state.waiting { color: #aaa; }
          .ports { font-size: 1.5em; font-weight: bold; white-space: nowrap; }
          .many .ports { font-size: 1.2em; }
          .gauge { height: 0.9em; background: #333; border-radius: 6px; overflow: hidden; margin: 0.2em 0 0.3em; }
          .gauge div { height: 100%; background: #009e73; width: 0; }
          .gauge.high div { background: #e69f00; } .gauge.full div { background: #d55e00; }
          .figures { color: #ddd; line-height: 1.3; } .figures b { color: #fff; } .figures span { white-space: nowrap; }
          .figures .time-wait, .figures .time-wait b { color: #56b4e9; } .figures .established, .figures .established b { color: #e69f00; }
          .first { font-weight: bold; color: #111; background: #e69f00; padding: 0.1em 0.5em; border-radius: 6px; margin-top: 0.3em; align-self: flex-start; }
          .first[hidden] { display: none; }
          .chart { flex: 1; min-height: 0; margin-top: 0.3em; } .chart svg { width: 100%; height: 100%; display: block; }
          .flash { animation: flash 1.5s ease-out 1; }
          @keyframes flash { 0%, 35% { background: #d55e00; border-color: #ffd080; } 100% { background: #1d1d1d; border-color: #444; } }
          #report { position: fixed; inset: 0; background: #111; padding: 0.5em 0.8em; box-sizing: border-box; display: flex; flex-direction: column; gap: 0.4em; }
          #report[hidden] { display: none; }
          #report iframe { flex: 1; width: 100%; background: #fff; border: 0; border-radius: 8px; }
        </style>
        </head>
        <body>
        <header>
          <h1>PortLoad <span id="scenario">connecting...</span></h1>
          <span id="status"></span>
          <button id="open-report" type="button" hidden>Open the report</button>
        </header>
        <main id="strategies"></main>
        <section id="report" hidden>
          <header><h1>The report</h1><button id="close-report" type="button">Back to the live view</button></header>
          <iframe title="report"></iframe>
        </section>
        <script>
          const cards = new Map();
          const flashed = new Set();
          const number = n => n.toLocaleString('en');
          const strategies = document.getElementById('strategies');
          function card(name) {
            if (cards.has(name)) return cards.get(name);
            const el = document.createElement('div');
            el.className = 'strategy';
            el.dataset.strategy = name;
            el.innerHTML = '<h2><span class="name"></span><span class="state"></span></h2><div class="ports"></div>' +
              '<div class="gauge"><div></div></div><div class="figures"></div><div class="first" hidden></div><div class="chart"></div>';
            el.querySelector('.name').textContent = name;
            el.addEventListener('animationend', () => el.classList.remove('flash'));
            strategies.appendChild(el);
            cards.set(name, el);
            return el;
          }
          function stateText(s) {
            const elapsed = `<span class="elapsed">${s.elapsedSeconds.toFixed(1)}</span> s`;
            return s.state === 'waiting' ? 'waiting' : s.state === 'finished' ? `finished at ${elapsed}` : `running ${elapsed}`;
          }
          function show(state) {
            document.getElementById('scenario').textContent = state.scenario;
            strategies.style.setProperty('--columns', Math.min(2, state.strategies.length));
            strategies.classList.toggle('many', state.strategies.length > 2);
            for (const s of state.strategies) {
              const el = card(s.name);
              const share = s.portSpace > 0 ? s.portsInUse / s.portSpace : 0;
              const badge = el.querySelector('.state');
              badge.className = 'state ' + s.state;
              badge.innerHTML = stateText(s);
              el.querySelector('.ports').textContent = `${number(s.portsInUse)} / ${number(s.portSpace)} ports`;
              el.querySelector('.gauge div').style.width = `${Math.min(100, share * 100)}%`;
              el.querySelector('.gauge').className = 'gauge' + (share >= 0.97 ? ' full' : share >= 0.8 ? ' high' : '');
              const failures = Object.entries(s.failures).map(([k, v]) => `${k} ${number(v)}`).join(', ') || 'none';
              // The chart's lines by name, in their colours: the chart has no legend of its own.
              el.querySelector('.figures').innerHTML =
                `<span>achieved <b>${number(s.achievedPerSecond)}</b> of <b>${number(s.attemptedPerSecond)}</b>/s</span> &middot; <span>p99 <b>${s.p99Ms ?? '-'} ms</b></span><br>` +
                `<span class="time-wait">TIME_WAIT <b>${number(s.timeWait)}</b></span> &middot; <span class="established">ESTABLISHED <b>${number(s.established)}</b></span><br>` +
                `<span>failures <b class="failures">${failures}</b></span>`;
              const first = el.querySelector('.first');
              first.hidden = !s.firstFailure;
              first.textContent = s.firstFailure ?? '';
              if (s.firstFailure && !flashed.has(s.name)) { flashed.add(s.name); el.classList.add('flash'); }
            }
            const running = state.strategies.some(s => s.state === 'running');
            document.getElementById('status').textContent = state.report ? 'done' : running ? '' : 'starting';
            const open = document.getElementById('open-report');
            open.hidden = !state.report;
            open.dataset.href = state.report ?? '';
          }
          document.getElementById('open-report').onclick = e => {
            const frame = document.querySelector('#report iframe');
            if (frame.getAttribute('src') !== e.target.dataset.href) frame.src = e.target.dataset.href;
            document.getElementById('report').hidden = false;
          };
          document.getElementById('close-report').onclick = () => { document.getElementById('report').hidden = true; };
          // Shown inside the workshop's page: its keys (next, previous, again) go to the presenter's page.
          if (window.parent !== window) addEventListener('keydown', e => window.parent.postMessage({ portloadKey: e.key }, '*'));
          const events = new EventSource('/events');
          events.onmessage = e => show(JSON.parse(e.data));
          // Each chart comes on its own, only when it changed: its strategy's card may not be there yet.
          events.addEventListener('chart', e => { const c = JSON.parse(e.data); card(c.name).querySelector('.chart').innerHTML = c.chart; });
        </script>
        </body>
        </html>
        """;
}
