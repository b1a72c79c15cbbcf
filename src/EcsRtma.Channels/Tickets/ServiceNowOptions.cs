using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Tickets;

/// <summary>ServiceNow incidents through the Table API. Section <c>Channels:ServiceNow</c>.</summary>
public sealed class ServiceNowOptions
{
    public const string SectionName = "Channels:ServiceNow";

    /// <summary>https://{instance}.service-now.com</summary>
    [Required]
    public Uri InstanceUrl { get; set; } = null!;

    [Required]
    public string User { get; set; } = string.Empty;

    /// <summary>A Key Vault reference in Azure.</summary>
    [Required]
    public string Password { get; set; } = string.Empty;

    /// <summary>Assignment group (sys_id).</summary>
    public string? AssignmentGroup { get; set; }
}
