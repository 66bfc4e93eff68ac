namespace PortLoad.Cli.Workshop;

/// <summary>
/// The presenter's page: a bar with the step, its title and the buttons (previous, run again, the guide's words,
/// next), and under it the step's own live page, the projector view. Keys: the arrows or a clicker's page keys move,
/// R runs the step again, G shows the guide's words for it.
/// </summary>
internal static class WorkshopPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PortLoad workshop</title>
        <link rel="icon" href="data:,">
        <style>
          html, body { height: 100%; margin: 0; }
          body { background: #111; color: #fff; font-family: "Liberation Sans", Arial, sans-serif; font-size: max(18px, 2.4vh);
                 display: flex; flex-direction: column; overflow: hidden; }
          header { display: flex; align-items: center; gap: 0.6em; padding: 0.25em 0.8em; background: #000; border-bottom: 2px solid #333; }
          #number { color: #e69f00; font-weight: bold; white-space: nowrap; }
          h1 { font-size: 1.1em; margin: 0; flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
          #status { color: #bbb; white-space: nowrap; }
          button { font: inherit; color: #111; background: #56b4e9; border: 0; border-radius: 0.3em; padding: 0.05em 0.6em; cursor: pointer; }
          main { flex: 1; min-height: 0; position: relative; }
          iframe { width: 100%; height: 100%; border: 0; display: block; }
          #waiting { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; font-size: 1.6em; color: #bbb; }
          #waiting[hidden], #words[hidden] { display: none; }
          #words { position: absolute; top: 0; right: 0; bottom: 0; width: min(40em, 60%); overflow: auto; background: #1d1d1d;
                   border-left: 2px solid #444; padding: 0 1em; box-sizing: border-box; line-height: 1.35; }
          #words code { color: #e69f00; }
        </style>
        </head>
        <body>
        <header>
          <span id="number"></span><h1 id="title">connecting...</h1><span id="status"></span>
          <button id="previous" type="button" title="previous step (Left arrow)">&#9664;</button>
          <button id="again" type="button" title="run this step again (R)">again</button>
          <button id="guide" type="button" title="the guide's words for this step (G)">guide</button>
          <button id="next" type="button" title="next step (Right arrow)">&#9654;</button>
        </header>
        <main>
          <iframe id="live" title="the step's live view" src="about:blank"></iframe>
          <div id="waiting" hidden></div>
          <section id="words" hidden></section>
        </main>
        <script>
          let shown = '';
          const post = what => fetch('/' + what, { method: 'POST' });
          const words = document.getElementById('words');
          function key(k) {
            if (k === 'ArrowRight' || k === 'PageDown') post('next');
            else if (k === 'ArrowLeft' || k === 'PageUp') post('previous');
            else if (k === 'r' || k === 'R') post('again');
            else if (k === 'g' || k === 'G') words.hidden = !words.hidden;
          }
          addEventListener('keydown', e => key(e.key));
          addEventListener('message', e => e.data && e.data.portloadKey && key(e.data.portloadKey));
          for (const b of ['previous', 'again', 'next']) document.getElementById(b).onclick = () => post(b);
          document.getElementById('guide').onclick = () => { words.hidden = !words.hidden; };
          function show(s) {
            document.getElementById('number').textContent = `${s.step} / ${s.count}`;
            document.getElementById('title').textContent = s.title;
            document.getElementById('status').textContent = s.status;
            words.innerHTML = `<h2>${s.step}. ${s.title.replace(/^[0-9]+\.\s*/, '')}</h2>` + s.words;
            const page = s.live ?? s.report;
            const waiting = document.getElementById('waiting');
            waiting.hidden = !!page;
            waiting.textContent = s.status === 'failed' ? 'The step could not run: its log is beside its results.' : `Starting step ${s.step}...`;
            // The same address serves every step's live page: a new run is a new page.
            const id = `${s.run} ${page}`;
            if (id !== shown) { shown = id; document.getElementById('live').src = page ?? 'about:blank'; }
          }
          new EventSource('/events').onmessage = e => show(JSON.parse(e.data));
        </script>
        </body>
        </html>
        """;
}
