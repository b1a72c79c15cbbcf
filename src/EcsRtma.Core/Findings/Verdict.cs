namespace EcsRtma.Core.Findings;

/// <summary>
/// The judgement on one record: what it is, how severe, who did it and why, in plain words.
/// Stored in orchestration history: only ever add optional members.
/// </summary>
public sealed record Verdict
{
    public required string EventId { get; init; }

    /// <summary>The key of the whole event id (see <c>EventKeys</c>); null in verdicts recorded before it existed.</summary>
    public string? EventKey { get; init; }
    public required string EventName { get; init; }
    public required Outcome Outcome { get; init; }
    public Severity? Severity { get; init; }
    public string? ResourceType { get; init; }
    public required Actor Actor { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public string? AccountId { get; init; }
    public string? Region { get; init; }
    public string? Cluster { get; init; }

    /// <summary>A one-line, plain-text headline: "High: DeleteService by role/ops-admin in 111122223333/us-east-1".</summary>
    public required string Title { get; init; }

    /// <summary>Specific problems, each naming its container and field.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>What to do about it, in plain words (may include an IAM policy snippet).</summary>
    public IReadOnlyList<string> Remediation { get; init; } = [];

    /// <summary>The suppression rule that matched, when <see cref="Outcome"/> is Suppressed.</summary>
    public string? SuppressedBy { get; init; }

    /// <summary>The call failed (errorCode): an attempted change, nothing was changed.</summary>
    public bool Attempted { get; init; }

    public string? Service { get; init; }

    public string? TaskDefinition { get; init; }

    public string? SourceIp { get; init; }

    public string? UserAgent { get; init; }
}
