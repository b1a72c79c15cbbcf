using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Cli;

/// <summary>A human-readable table: one line per record, findings indented below.</summary>
public sealed class TableVerdictWriter(TextWriter output) : VerdictWriter
{
    public override void Begin() => output.WriteLine($"{"OUTCOME",-10} {"SEVERITY",-9} {"EVENT",-30} {"ACTOR",-45} {"VIA",-16} WHERE");

    public override void Write(ParseResult record, Verdict? verdict)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (verdict is null)
        {
            output.WriteLine($"{"rejected",-10} {"-",-9} {"-",-30} {"-",-45} {"-",-16} {record.Error}");
            return;
        }

        string where = $"{verdict.AccountId}/{verdict.Region}{(verdict.Cluster is null ? string.Empty : "/" + verdict.Cluster)}";
        output.WriteLine($"{Camel(verdict.Outcome.ToString()),-10} {(verdict.Severity is { } s ? Camel(s.ToString()) : "-"),-9} {Cut(verdict.EventName, 30),-30} {Cut(verdict.Actor.DisplayName, 45),-45} {Cut(verdict.Actor.Tool ?? verdict.Actor.Via.ToString(), 16),-16} {where}");
        foreach (Finding f in verdict.Findings)
        {
            output.WriteLine($"{string.Empty,-10} └ {Camel(f.Severity.ToString()),-7} {f.Id}: {f.Message}");
        }
    }

    private static string Cut(string value, int width) => value.Length <= width ? value : string.Concat(value.AsSpan(0, width - 1), "…");
}
