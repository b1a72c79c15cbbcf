using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Teams;

/// <summary>
/// Posts an Adaptive Card (version 1.4, valid against the 1.5 schema) with the severity, what
/// changed, who, where and why, and <c>Action.OpenUrl</c> buttons to acknowledge, resolve and open
/// the board. Workflows cannot update a posted card, so an acknowledgement or resolution is posted
/// as a short follow-up card.
/// </summary>
public sealed class TeamsChannel(HttpClient http, IOptions<TeamsChannelOptions> options) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "teams";

    /// <summary>Teams rejects messages above about 28 KB; we stay under this.</summary>
    public const int MaxMessageBytes = 27_000;

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        JsonObject message = Message(AdaptiveCard.ForAlert(AlertContent.From(notification)));
        using HttpRequestMessage request = ChannelHttp.JsonRequest(HttpMethod.Post, options.Value.WorkflowUrl, message);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        return DeliveryReceipt.None;
    }

    public async Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        JsonObject message = Message(AdaptiveCard.ForState(change));
        using HttpRequestMessage request = ChannelHttp.JsonRequest(HttpMethod.Post, options.Value.WorkflowUrl, message);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
    }

    /// <summary>The Workflows webhook envelope around a card.</summary>
    public static JsonObject Message(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["contentUrl"] = null,
            ["content"] = card,
        }),
    };
}
