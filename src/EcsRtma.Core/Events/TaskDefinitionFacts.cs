namespace EcsRtma.Core.Events;

/// <summary>The task-level settings of a task definition the detectors judge, and its containers and EFS volumes.</summary>
public sealed class TaskDefinitionFacts
{
    public static readonly TaskDefinitionFacts Empty = new();

    public string? NetworkMode { get; internal set; }

    public string? PidMode { get; internal set; }

    public string? IpcMode { get; internal set; }

    public string? ExecutionRoleArn { get; internal set; }

    public string? TaskRoleArn { get; internal set; }

    /// <summary>Task CPU units (a number, or text such as "1024" or "1 vCPU"); 0 when absent or unreadable.</summary>
    public int Cpu { get; internal set; }

    public IReadOnlyList<EfsVolumeFacts> EfsVolumes { get; internal set; } = [];

    public IReadOnlyList<ContainerFacts> Containers { get; internal set; } = [];
}
