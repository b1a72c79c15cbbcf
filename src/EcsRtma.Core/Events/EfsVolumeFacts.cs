namespace EcsRtma.Core.Events;

/// <summary>A volume with an <c>efsVolumeConfiguration</c>: its position in <c>volumes</c>, its name and its transit encryption.</summary>
public sealed record EfsVolumeFacts(int Index, string? Name, string? TransitEncryption);
