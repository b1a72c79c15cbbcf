namespace EcsRtma.Http.Api;

/// <summary>A request body for acknowledge/resolve through the API.</summary>
public sealed record ApiAction(string? By, string? Comment);
