namespace EcsRtma.Core.Findings;

/// <summary>How the call reached AWS.</summary>
public enum CallVia
{
    Unknown = 0,
    Console,
    Cli,
    Sdk,
    InfrastructureAsCode,
    EcsAgent,
    AwsService,
}
