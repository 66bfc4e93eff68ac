using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PortLoad.Cli.Output;
using PortLoad.Cli.Workshop;
using PortLoad.Isolation;
using PortLoad.Settings;
using Spectre.Console;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>portload workshop</c>: the presenter's tool. Steps through the workshop guide's scenarios on a page for the
/// projector (each step's live view, the guide's words on G), moved by the arrow keys or a clicker there, or by the
/// keys of this terminal, which shows the step's words as notes. Every run's results stay, in one folder.
/// </summary>
internal static class WorkshopCommand
{
    public static Command Create()
    {
        var port = CliOptions.Port("--port", "The presenter's page", 5080);
        var livePort = CliOptions.Port("--live-port", "Where each step's live page is served (the presenter's page shows it)", 5081);
        var from = CliOptions.Between(new Option<int>("--from") { Description = "The step to start at (1 to the last)", DefaultValueFactory = _ => 1 }, 1, 100);
        var root = new Option<string>("--root") { Description = "The folder that holds scenarios/", DefaultValueFactory = _ => "." };
        var output = new Option<string?>("--out") { Description = "Where the runs' results go (default: results/workshop-<UTC time>)" };
        var command = new Command("workshop", "Present the workshop: step through its scenarios on a page for the projector (arrow keys, R runs a step again, G shows the guide's words)")
        {
            port, livePort, from, root, output,
        };
        command.SetAction((parse, token) => RunAsync(parse.GetValue(port), parse.GetValue(livePort), parse.GetValue(from), parse.GetValue(root)!, parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> RunAsync(int port, int livePort, int from, string root, string? output, CancellationToken token)
    {
        var steps = WorkshopGuide.Steps;
        if (port == livePort)
        {
            Console.Error.WriteLine($"--port and --live-port are both {port}: the step's page needs a port of its own");
            return ExitCodes.InvalidInput;
        }

        if (from > steps.Count)
        {
            Console.Error.WriteLine($"--from {from}: the workshop has {steps.Count} steps");
            return ExitCodes.InvalidInput;
        }

        // Every step's scenario is there and valid before the room waits on the first.
        foreach (var step in steps)
        {
            var file = Path.Combine(root, step.Scenario);
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"{file}: not found; run portload workshop in PortLoad's folder, or give --root the folder that holds scenarios/");
                return ExitCodes.InvalidInput;
            }

            if (ScenarioLoading.Load(file, Console.Error, simulation: step.Verb == "simulate") is null)
            {
                return ExitCodes.InvalidInput;
            }
        }

        var results = output ?? Path.Combine(SettingsLoader.Load().ResultsDirectory, "workshop-" + TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        var console = Consoles.Create();
        await using var presenter = new WorkshopPresenter(steps, root, results, livePort, ChildCommand.For(typeof(Program).Assembly));
        var feed = new LiveFeed();
        void Publish() => feed.Publish(presenter.State?.Json(steps.Count, presenter.Finished) ?? "{}", []);
        presenter.Changed += state =>
        {
            Publish();
            Notes(console, state);
        };
        LivePage page;
        try
        {
            page = await LivePage.StartAsync(port, WorkshopPage.Html, feed, app => Routes(app, presenter));
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message.Replace("--web-port", "--port", StringComparison.Ordinal));
            return ExitCodes.InvalidInput;
        }

        await using var pageScope = page;
        using var signals = new StopSignals(token, quiet: true);
        console.MarkupLineInterpolated($"the workshop: [bold]{page.Url}[/] (full screen: F11); here: [bold]→[/] next, [bold]←[/] previous, [bold]r[/] again, [bold]q[/] quit");
        console.MarkupLineInterpolated($"results: {results}");
        _ = Moved(presenter.GoAsync(from - 1));
        var quit = Console.IsInputRedirected ? null : Task.Run(() => Remote(presenter, signals.Token), CancellationToken.None);
        while (!signals.Token.IsCancellationRequested && quit?.IsCompleted != true)
        {
            Publish(); // the step's status moves on by itself (its run ends)
            await Task.Delay(TimeSpan.FromSeconds(1), signals.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return ExitCodes.Ok;
    }

    private static void Routes(WebApplication app, WorkshopPresenter presenter)
    {
        app.MapPost("/next", () => Moved(presenter.NextAsync()));
        app.MapPost("/previous", () => Moved(presenter.PreviousAsync()));
        app.MapPost("/again", () => Moved(presenter.RunAgainAsync()));
        app.MapGet("/steps/{step:int}/report", (int step) => presenter.State is { } s && s.Index == step - 1 && File.Exists(Path.Combine(s.Folder, "report.html"))
            ? HttpResults.File(Path.GetFullPath(Path.Combine(s.Folder, "report.html")), "text/html; charset=utf-8")
            : HttpResults.NotFound());
    }

    /// <summary>The move goes on without the button's request (the page hears of it on its event stream); a move that fails says why here.</summary>
    private static IResult Moved(Task move)
    {
        _ = move.ContinueWith(t => Console.Error.WriteLine($"the step could not start: {t.Exception!.GetBaseException().Message}"), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return HttpResults.Accepted();
    }

    /// <summary>The terminal as a remote: the arrows (or n, p, space), r again, q quits.</summary>
    private static void Remote(WorkshopPresenter presenter, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = Console.ReadKey(intercept: true);
            _ = Moved(key.Key switch
            {
                ConsoleKey.RightArrow or ConsoleKey.N or ConsoleKey.Spacebar or ConsoleKey.PageDown => presenter.NextAsync(),
                ConsoleKey.LeftArrow or ConsoleKey.P or ConsoleKey.PageUp => presenter.PreviousAsync(),
                ConsoleKey.R => presenter.RunAgainAsync(),
                _ => Task.CompletedTask,
            });
            if (key.Key is ConsoleKey.Q or ConsoleKey.Escape)
            {
                return;
            }
        }
    }

    /// <summary>The presenter's notes: the step and the guide's words for it, in this terminal.</summary>
    private static void Notes(IAnsiConsole console, WorkshopState state)
    {
        if (state.Status != WorkshopState.Starting)
        {
            console.MarkupLineInterpolated($"[grey]step {state.Index + 1}: {state.Status}; results in {state.Folder}[/]");
            return;
        }

        console.WriteLine();
        console.Write(new Rule($"[bold]{Markup.Escape(state.Step.Title)}[/]") { Justification = Justify.Left });
        console.MarkupLine(GuideWords.Markup(state.Step.Words));
    }
}
