namespace EcsRtma.Core.Events;

/// <summary>
/// One container definition (or one container override) as the detectors see it. A setting that
/// appears more than once in the request counts by its last occurrence, as a JSON document reads it.
/// </summary>
public sealed class ContainerFacts
{
    /// <summary>Position in <c>containerDefinitions</c> (or <c>containerOverrides</c>).</summary>
    public int Index { get; internal set; }

    public string? Name { get; internal set; }

    public string? Image { get; internal set; }

    public string? User { get; internal set; }

    public bool? Privileged { get; internal set; }

    public bool? ReadonlyRootFilesystem { get; internal set; }

    /// <summary>True when <c>logConfiguration</c> is an object.</summary>
    public bool HasLogConfiguration { get; internal set; }

    /// <summary><c>logConfiguration.options.mode</c>, when a string.</summary>
    public string? LogMode { get; internal set; }

    /// <summary><c>memory</c> when it is a number.</summary>
    public double? Memory { get; internal set; }

    /// <summary>True when <c>healthCheck</c> is an object.</summary>
    public bool HasHealthCheck { get; internal set; }

    /// <summary>Container CPU units; 0 when absent or unreadable.</summary>
    public int Cpu { get; internal set; }

    /// <summary><c>linuxParameters.capabilities.add</c> (strings only); null when there is no such array.</summary>
    public IReadOnlyList<string>? AddedCapabilities { get; internal set; }

    /// <summary>"command" or "entryPoint" when a part of it reads the task credentials endpoint (command wins).</summary>
    public string? CredentialsEndpointIn { get; internal set; }

    public IReadOnlyList<EnvironmentVariable> Environment { get; internal set; } = [];
}
