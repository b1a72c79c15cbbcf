using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Graph;

/// <summary>
/// Microsoft Graph, app-only. Section <c>Graph</c>. Without ClientSecret the app's managed identity
/// (DefaultAzureCredential) is used — the recommended setup; grant it <c>Mail.Send</c> (scoped to the
/// sender mailbox with an Exchange application access policy / RBAC for Applications) and
/// <c>GroupMember.Read.All</c>.
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Graph endpoint; changed only for tests or national clouds.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Client secret of an app registration, when not using a managed identity. A Key Vault reference in Azure.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>How long a group's members are cached.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
