using System.Text.Json;
using EcsRtma.Core.Findings;

namespace EcsRtma.Detection.Sigma;

/// <summary>
/// One Sigma detection rule, validated and compiled once (<see cref="SigmaRuleLoader"/>): its metadata,
/// where it came from, and <see cref="Matches"/>, which reads a CloudTrail record without any YAML or
/// regex compilation per record.
/// </summary>
public sealed record SigmaRule
{
    public required string Title { get; init; }

    /// <summary>The rule's UUID; null when the rule has none (a finding then uses the title).</summary>
    public string? Id { get; init; }

    public string? Status { get; init; }

    public string? Description { get; init; }

    /// <summary>informational, low, medium, high or critical.</summary>
    public string? Level { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<string> FalsePositives { get; init; } = [];

    public string? Product { get; init; }

    public string? Service { get; init; }

    public string? Category { get; init; }

    /// <summary>The file (or name) the rule was read from.</summary>
    public required string Source { get; init; }

    /// <summary>True when the rule's logsource is AWS CloudTrail (product aws, service cloudtrail): the only records EcsRtma reads.</summary>
    public bool ForCloudTrail =>
        string.Equals(Product, "aws", StringComparison.OrdinalIgnoreCase) && string.Equals(Service, "cloudtrail", StringComparison.OrdinalIgnoreCase);

    /// <summary>EcsRtma's severity for the rule's level (informational → Info … critical → Critical; none → Medium).</summary>
    public Severity Severity => Level?.ToLowerInvariant() switch
    {
        "informational" => Severity.Info,
        "low" => Severity.Low,
        "high" => Severity.High,
        "critical" => Severity.Critical,
        _ => Severity.Medium,
    };

    /// <summary>The field paths the rule reads (dotted, as written), for the parser's one pass.</summary>
    public IReadOnlyCollection<string> Fields => Detection.Fields;

    internal SigmaDetection Detection { get; init; } = SigmaDetection.Never;

    /// <summary>Whether the record (a CloudTrail record's JSON object) matches the rule's condition.</summary>
    public bool Matches(JsonElement record) => Detection.Matches(record);
}
