using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Azure.Core;

namespace EcsRtma.Infrastructure.Aws;

/// <summary>
/// Keyless cross-cloud credentials: an Entra ID token of the Function App's managed identity (for
/// the audience the AWS OIDC provider trusts) is exchanged with STS AssumeRoleWithWebIdentity for
/// temporary AWS credentials. No AWS key is stored in Azure. The AWS SDK caches the result and
/// refreshes it <see cref="RefreshBeforeExpiry"/> before it expires.
/// </summary>
public sealed class EntraWebIdentityCredentials : RefreshingAWSCredentials
{
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly TokenCredential _identity;
    private readonly string _scope;
    private readonly string _roleArn;
    private readonly string _sessionName;
    private readonly IAmazonSecurityTokenService _sts;

    public EntraWebIdentityCredentials(TokenCredential identity, string audience, string roleArn, string sessionName, IAmazonSecurityTokenService sts)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleArn);
        ArgumentNullException.ThrowIfNull(sts);
        _identity = identity;
        _scope = audience.EndsWith("/.default", StringComparison.Ordinal) ? audience : audience + "/.default";
        _roleArn = roleArn;
        _sessionName = string.IsNullOrWhiteSpace(sessionName) ? "ecs-rtma" : sessionName;
        _sts = sts;
        PreemptExpiryTime = RefreshBeforeExpiry;
    }

    protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        AccessToken token = await _identity.GetTokenAsync(new TokenRequestContext([_scope]), CancellationToken.None);
        AssumeRoleWithWebIdentityResponse response = await _sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = _roleArn,
            RoleSessionName = _sessionName,
            WebIdentityToken = token.Token,
            DurationSeconds = 3600,
        });

        Credentials c = response.Credentials;
        DateTime expires = c.Expiration ?? DateTime.UtcNow.AddMinutes(15);
        return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expires.ToUniversalTime());
    }
}
