namespace EcsRtma.Http.Api;

/// <summary>A host-neutral API answer: HTTP status and a body serialised as JSON (web defaults).</summary>
public sealed record ApiResult(int StatusCode, object Body);
