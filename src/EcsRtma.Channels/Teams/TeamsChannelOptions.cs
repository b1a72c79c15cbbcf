using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Teams;

/// <summary>Microsoft Teams through a Workflows "When a Teams webhook request is received" flow. Section <c>Channels:Teams</c>.</summary>
public sealed class TeamsChannelOptions
{
    public const string SectionName = "Channels:Teams";

    /// <summary>The flow's HTTP URL. Its <c>sig</c> parameter is the credential: a Key Vault reference in Azure.</summary>
    [Required]
    public Uri WorkflowUrl { get; set; } = null!;

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
