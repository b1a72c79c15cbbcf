using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace EcsRtma.Channels.Graph;

/// <summary>
/// Builds the Graph client: the SDK's own HTTP pipeline (its retry handler honours 429
/// Retry-After), and a bearer-token provider whose allowed host is the configured endpoint, so a
/// token is never sent anywhere else.
/// </summary>
public static class GraphClients
{
    public static GraphServiceClient Create(GraphOptions options, TokenCredential? credential = null, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        credential ??= string.IsNullOrEmpty(options.ClientSecret)
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId, TenantId = options.TenantId })
            : new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        var tokens = new CredentialTokenProvider(credential, options.BaseUrl);
        HttpClient http = transport is null ? GraphClientFactory.Create() : GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(null), finalHandler: transport, disposeHandler: false);
        return new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(tokens), options.BaseUrl.ToString().TrimEnd('/'));
    }

    private sealed class CredentialTokenProvider(TokenCredential credential, Uri baseUrl) : IAccessTokenProvider
    {
        private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

        public AllowedHostsValidator AllowedHostsValidator { get; } = new([baseUrl.Host]);

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            if (!AllowedHostsValidator.IsUrlHostValid(uri))
            {
                return string.Empty;
            }

            AccessToken token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken);
            return token.Token;
        }
    }
}
