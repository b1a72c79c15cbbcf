namespace EcsRtma.Ingestion;

/// <summary>What one drain run did. Logged per run; counts are exact.</summary>
public sealed record DrainReport(int Received, int Started, int Duplicates, int Rejected, int Deleted, int Failed, int ReceiveCalls, int DeleteCalls, TimeSpan Duration)
{
    public int VisibilityCalls { get; init; }

    /// <summary>SQS calls that failed (unreachable, throttled); the run backed off and went on.</summary>
    public int SqsErrors { get; init; }

    /// <summary>Messages whose change had an instance that failed: started again, never counted as duplicates (included in <see cref="Started"/>).</summary>
    public int Redriven { get; init; }

    /// <summary>Changes that do not alert, recorded by the drain itself: no orchestration (nobody waits on them).</summary>
    public int Recorded { get; init; }

    /// <summary>New alerts whose first tier the drain notified on every channel (ADR 0015).</summary>
    public int FirstTierNotified { get; init; }

    /// <summary>First-tier channels the drain left to the orchestration: failed, refused or slower than <c>Drain:FirstTierTimeout</c>.</summary>
    public int FirstTierDeferred { get; init; }

    /// <summary>Every message that ended as a change (an orchestration started or a change recorded).</summary>
    public int Handled => Started + Recorded;

    /// <summary>Failed change instances the reconciler started again at the beginning of the run.</summary>
    public int Reconciled { get; init; }

    /// <summary>"Channel unreachable" alerts raised at the beginning of the run (<see cref="ChannelOutageMonitor"/>).</summary>
    public int OutagesRaised { get; init; }

    /// <summary>Different records under an eventID already recorded: recorded as collisions and alerted at High.</summary>
    public int Collisions { get; init; }

    /// <summary>Several queues' runs added up (their durations overlap: the longest counts).</summary>
    public static DrainReport Sum(IReadOnlyList<DrainReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return new DrainReport(reports.Sum(r => r.Received), reports.Sum(r => r.Started), reports.Sum(r => r.Duplicates), reports.Sum(r => r.Rejected), reports.Sum(r => r.Deleted),
            reports.Sum(r => r.Failed), reports.Sum(r => r.ReceiveCalls), reports.Sum(r => r.DeleteCalls), reports.Count == 0 ? TimeSpan.Zero : reports.Max(r => r.Duration))
        {
            VisibilityCalls = reports.Sum(r => r.VisibilityCalls),
            SqsErrors = reports.Sum(r => r.SqsErrors),
            Redriven = reports.Sum(r => r.Redriven),
            Recorded = reports.Sum(r => r.Recorded),
            Reconciled = reports.Sum(r => r.Reconciled),
            FirstTierNotified = reports.Sum(r => r.FirstTierNotified),
            FirstTierDeferred = reports.Sum(r => r.FirstTierDeferred),
            Collisions = reports.Sum(r => r.Collisions),
            OutagesRaised = reports.Sum(r => r.OutagesRaised),
        };
    }

    /// <summary>Every SQS API call of the run.</summary>
    public int SqsCalls => ReceiveCalls + DeleteCalls + VisibilityCalls;
}
