using Microsoft.Playwright;

namespace PortLoad.Tests.TestSupport;

/// <summary>Debian's Chromium through Playwright (its own browser download cannot work here), and the errors a page logs.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(Path))
        {
            Assert.Ignore($"needs Debian's chromium at {Path} (.ci/run installs it: apt-get install chromium)");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new page whose console errors and uncaught exceptions go into <paramref name="errors"/>.</summary>
    public static async Task<IPage> PageAsync(IBrowser browser, List<string> errors, int width = 1280, int height = 900)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return page;
    }

    /// <summary>Opens <paramref name="url"/> once the server there answers (a process just started).</summary>
    public static async Task OpenWhenUpAsync(IPage page, string url, TimeSpan within)
    {
        await Eventually.ValueAsync(
            () =>
            {
                try
                {
                    return page.GotoAsync(url).GetAwaiter().GetResult()?.Ok == true;
                }
                catch (PlaywrightException)
                {
                    return false;
                }
            },
            ok => ok,
            within);
    }
}
