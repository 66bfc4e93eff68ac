namespace PortLoad.Scenarios;

/// <summary>Cloud NATs as their vendors document them (DOMAIN.md, "Cloud NATs run out the same way").</summary>
public static class NatPresets
{
    /// <summary>Azure App Service: 128 preallocated SNAT ports per instance, each back 4 min after its connection closes.</summary>
    public static readonly NatOptions AzureAppService = new("azure-app-service", 128, TimeSpan.FromMinutes(4)) { PerInstance = true };

    /// <summary>Azure Load Balancer outbound rules, pools of 1-50 instances: 1,024 ports per instance, freed 240 s after FIN.</summary>
    public static readonly NatOptions AzureLbSmallPool = new("azure-lb-small-pool", 1024, TimeSpan.FromSeconds(240)) { PerInstance = true };

    /// <summary>
    /// AWS NAT gateway: up to 55,000 simultaneous connections to each unique destination. AWS does not
    /// document a release delay; PortLoad assumes the client's TIME_WAIT length (60 s).
    /// </summary>
    public static readonly NatOptions AwsNatGateway = new("aws-nat-gateway", 55_000, TimeSpan.FromSeconds(60));

    public static readonly IReadOnlyDictionary<string, NatOptions> ByName = new Dictionary<string, NatOptions>
    {
        [AzureAppService.Name] = AzureAppService,
        [AzureLbSmallPool.Name] = AzureLbSmallPool,
        [AwsNatGateway.Name] = AwsNatGateway,
    };
}
