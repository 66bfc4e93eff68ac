namespace PortLoad.Tests.TestSupport;

/// <summary>
/// What sets slow tests apart, so the fast set runs in seconds:
/// <c>dotnet test --filter "TestCategory!=RealLoad&amp;TestCategory!=Browser"</c>. README's test command runs everything.
/// </summary>
public static class TestCategories
{
    /// <summary>Drives real load through the kernel for seconds: namespaces, exhaustion, saturation, retry storms, workshop runs.</summary>
    public const string RealLoad = "RealLoad";

    /// <summary>Opens a page in real headless Chromium.</summary>
    public const string Browser = "Browser";
}
