namespace EcsRtma.Http.Api;

/// <summary>Alerts API settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Take the acting user from <c>X-MS-CLIENT-PRINCIPAL-NAME</c>. Turn on only when App Service
    /// authentication (Entra ID) is enabled in front of the app: it sets the header and strips a
    /// client's own; without it the header is forgeable.
    /// </summary>
    public bool TrustClientPrincipalHeader { get; set; }
}
