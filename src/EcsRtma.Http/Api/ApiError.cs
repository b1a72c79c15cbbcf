namespace EcsRtma.Http.Api;

/// <summary>An API error body.</summary>
public sealed record ApiError(string Error);
