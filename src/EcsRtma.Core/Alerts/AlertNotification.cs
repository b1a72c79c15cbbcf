using EcsRtma.Core.Detection;

namespace EcsRtma.Core.Alerts;

/// <summary>Everything a channel needs to tell one recipient about one alert at one tier.</summary>
public sealed record AlertNotification
{
    public required string AlertId { get; init; }
    public required int Tier { get; init; }
    public required string Recipient { get; init; }
    public required Verdict Verdict { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required Uri AcknowledgeUrl { get; init; }
    public required DateTimeOffset AckDeadline { get; init; }
}
