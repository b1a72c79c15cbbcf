using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Workflow.Links;

/// <summary>Acknowledgement links. Section <c>Ack</c>.</summary>
public sealed class AckOptions
{
    public const string SectionName = "Ack";

    /// <summary>Public base URL of the app (e.g. https://myapp.azurewebsites.net); links are {BaseUrl}/api/ack/{alertId}?token=…</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:7071");

    /// <summary>Base64 of at least 32 random bytes. A Key Vault reference in Azure; never committed.</summary>
    [Required]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>The key being rotated out; tokens it signed stay valid until they expire.</summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>How long an acknowledgement link stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);
}
