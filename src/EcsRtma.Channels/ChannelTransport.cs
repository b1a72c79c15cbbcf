namespace EcsRtma.Channels;

/// <summary>Replaces the network under every channel (the preview command's dry run). Not registered in production.</summary>
public sealed record ChannelTransport(HttpMessageHandler Handler);
