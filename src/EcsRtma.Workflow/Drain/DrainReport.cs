namespace EcsRtma.Workflow.Drain;

/// <summary>What one drain run did. Logged per run; counts are exact.</summary>
public sealed record DrainReport(int Received, int Started, int Duplicates, int Rejected, int Deleted, int Failed, int ReceiveCalls, int DeleteCalls, TimeSpan Duration)
{
    public int VisibilityCalls { get; init; }

    /// <summary>SQS calls that failed (unreachable, throttled); the run backed off and went on.</summary>
    public int SqsErrors { get; init; }

    /// <summary>Every SQS API call of the run.</summary>
    public int SqsCalls => ReceiveCalls + DeleteCalls + VisibilityCalls;
}
