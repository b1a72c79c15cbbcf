namespace EcsRtma.Core.Events;

public sealed record UserIdentity
{
    public string? Type { get; init; }
    public string? Arn { get; init; }
    public string? AccountId { get; init; }
    public string? PrincipalId { get; init; }
    public string? UserName { get; init; }
    public string? InvokedBy { get; init; }
    public string? SessionIssuerArn { get; init; }
    public string? SessionIssuerType { get; init; }
    public string? SessionIssuerUserName { get; init; }
    public bool? MfaAuthenticated { get; init; }
    public bool? SessionCredentialFromConsole { get; init; }
}
