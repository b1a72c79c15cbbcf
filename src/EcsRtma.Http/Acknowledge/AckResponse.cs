using EcsRtma.Workflow.Links;

namespace EcsRtma.Http.Acknowledge;

/// <summary>The answer to an acknowledge/resolve request, host-neutral (HTTP status and a plain message).</summary>
public sealed record AckResponse(int StatusCode, string Message, string? AlertId = null, string Action = AckActions.Acknowledge);
