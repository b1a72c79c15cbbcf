using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Slack;

/// <summary>Slack: an incoming webhook, or a bot token and channel (chat.postMessage / chat.update). Section <c>Channels:Slack</c>.</summary>
public sealed class SlackChannelOptions : IValidatableObject
{
    public const string SectionName = "Channels:Slack";

    /// <summary>Incoming webhook URL (the URL is the credential). Used when no bot token is set.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Bot token (<c>xoxb-…</c>, scope <c>chat:write</c>): messages are kept and updated on acknowledge/resolve.</summary>
    public string? BotToken { get; set; }

    /// <summary>Channel id (C…) for the bot.</summary>
    public string? Channel { get; set; }

    /// <summary>Web API base; changed only for tests.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool UsesBot => !string.IsNullOrEmpty(BotToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesBot && string.IsNullOrEmpty(Channel))
        {
            yield return new ValidationResult("Channels:Slack:Channel is required with a bot token", [nameof(Channel)]);
        }

        if (!UsesBot && WebhookUrl is null)
        {
            yield return new ValidationResult("Channels:Slack needs WebhookUrl, or BotToken and Channel", [nameof(WebhookUrl)]);
        }
    }
}
