using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;

namespace EcsRtma.Channels.Graph;

/// <summary>
/// Email through Microsoft Graph <c>sendMail</c> from a configured mailbox, one message per
/// recipient (each with its own signed links). HTML body; every untrusted value HTML-encoded and
/// defanged, so only our buttons are links.
/// </summary>
public sealed class EmailChannel(GraphServiceClient graph, IOptions<EmailChannelOptions> options) : IAlertChannel
{
    public const string ChannelName = "email";

    public string Name => ChannelName;

    public bool PerRecipient => true;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        string to = notification.Person?.Email
            ?? throw new PermanentDeliveryException(Name, 0, $"recipient '{notification.Person?.Name ?? notification.Recipient}' has no e-mail address");
        AlertContent content = AlertContent.From(notification);
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = EmailMessage.Subject(content),
                Body = new ItemBody { ContentType = BodyType.Html, Content = EmailMessage.Html(content) },
                ToRecipients = [new Microsoft.Graph.Models.Recipient { EmailAddress = new EmailAddress { Address = to, Name = notification.Person?.Name } }],
                Importance = content.Severity >= Severity.High ? Importance.High : Importance.Normal,
            },
            SaveToSentItems = options.Value.SaveToSentItems,
        };
        try
        {
            await graph.Users[options.Value.Sender].SendMail.PostAsync(body, cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode is >= 400 and < 500 and not 408 and not 429)
        {
            throw new PermanentDeliveryException(Name, error.ResponseStatusCode, $"Graph refused sendMail: {error.Error?.Code} {error.Error?.Message}");
        }
        catch (ODataError error)
        {
            throw new HttpRequestException($"{Name}: Graph sendMail failed with HTTP {error.ResponseStatusCode}: {error.Error?.Code}", error);
        }

        return DeliveryReceipt.None;
    }
}
