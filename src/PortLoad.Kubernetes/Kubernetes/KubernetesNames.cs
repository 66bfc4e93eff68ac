using System.Text.RegularExpressions;
using k8s.Models;

namespace PortLoad.Kubernetes;

/// <summary>
/// What the Kubernetes API accepts as names, image references and resource quantities, checked before a manifest is
/// written: a value it refuses would otherwise surface only at <c>kubectl apply</c>, or as a pod that never starts.
/// Each check returns null when the value is fine, else what is wrong with it.
/// </summary>
public static partial class KubernetesNames
{
    /// <summary>A DNS-1123 label (a namespace's name): at most 63 lower-case letters, digits and '-', a letter or digit at each end.</summary>
    public static string? Label(string value) =>
        value.Length <= 63 && LabelPattern().IsMatch(value) ? null
        : $"{Show(value)} is not a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>A DNS-1123 subdomain (most objects' names): at most 253 characters, labels joined by '.'.</summary>
    public static string? Subdomain(string value) =>
        value.Length <= 253 && SubdomainPattern().IsMatch(value) ? null
        : $"{Show(value)} is not a DNS-1123 name: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";

    /// <summary>An image reference: [registry[:port]/]path[:tag][@digest], as the container runtimes parse it.</summary>
    public static string? Image(string value) =>
        value.Length <= 4096 && ImagePattern().IsMatch(value) ? null
        : $"{Show(value)} is not an image reference such as portload:latest or registry.example:5000/team/portload:0.3.0";

    /// <summary>A resource quantity more than 0, such as 500m, 1, 1Gi or 512Mi (parsed as the API server parses it).</summary>
    public static string? Quantity(string value)
    {
        var problem = $"{Show(value)} is not a quantity more than 0, such as 500m, 1, 1Gi or 512Mi";
        try
        {
            return QuantityPattern().IsMatch(value) && new ResourceQuantity(value).ToDecimal() > 0 ? null : problem;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return problem;
        }
    }

    /// <summary>The value quoted, with a newline or other control character written as an escape, not printed raw.</summary>
    private static string Show(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex LabelPattern();

    // The API server's own form (KubernetesClient's parser lets "1 Gi" through, which the server refuses).
    [GeneratedRegex(@"^[+-]?[0-9.]+[eEinumkKMGTP]*[-+]?[0-9]*\z")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex SubdomainPattern();

    // The reference grammar of the distribution project: a domain (host, optional port) and path components of lower-case
    // letters and digits joined by '.', '_', '__' or dashes; a tag of at most 128 word characters, '.' and '-'; a digest.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?\z")]
    private static partial Regex ImagePattern();
}
