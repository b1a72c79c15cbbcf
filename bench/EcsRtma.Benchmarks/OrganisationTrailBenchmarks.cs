using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EcsRtma.Core.Events;
using EcsRtma.Load;

namespace EcsRtma.Benchmarks;

/// <summary>
/// The engine on an organisation trail (ECS about 3 % of records, <see cref="OrganisationTrailGenerator"/>):
/// every record parsed and classified in full, against the fast path that recognises other services'
/// records after reading eventSource (<see cref="ParseScope.EcsOnly"/>) and classifies only ECS ones.
/// </summary>
public class OrganisationTrailBenchmarks : RecordBenchmarks
{
    protected override IEnumerable<string> Generate(int count) => OrganisationTrailGenerator.Records(count);

    [Benchmark(OperationsPerInvoke = 1000)]
    public int EveryRecordInFull()
    {
        int n = 0;
        foreach (byte[] record in Records)
        {
            ParseResult parsed = CloudTrailParser.Parse(record);
            if (parsed.IsSuccess)
            {
                n += (int)Classifier.Classify(parsed.Event!).Outcome;
            }
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int EcsOnlyFastPath()
    {
        int n = 0;
        foreach (byte[] record in Records)
        {
            ParseResult parsed = CloudTrailParser.Parse(record, ParseScope.EcsOnly);
            if (parsed.IsSuccess)
            {
                n += (int)Classifier.Classify(parsed.Event!).Outcome;
            }
        }

        return n;
    }
}
