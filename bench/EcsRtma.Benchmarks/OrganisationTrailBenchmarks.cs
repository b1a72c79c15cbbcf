using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EcsRtma.Core.Events;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;
using EcsRtma.Load;

namespace EcsRtma.Benchmarks;

/// <summary>
/// The engine on an organisation trail (ECS about 3 % of records, <see cref="OrganisationTrailGenerator"/>):
/// every record parsed and classified in full, against the fast path that recognises other services'
/// records after reading eventSource (<see cref="ParseScope.EcsOnly"/>) and classifies only ECS ones.
/// </summary>
[MemoryDiagnoser]
public class OrganisationTrailBenchmarks
{
    private byte[][] _records = [];
    private ChangeClassifier _classifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = [.. OrganisationTrailGenerator.Records(1000).Select(Encoding.UTF8.GetBytes)];
        _classifier = new ChangeClassifier(EcsActionCatalog.Default, new DetectionPolicy { Privileged = { RoleNames = ["ci-deployer"], PermissionSets = ["PlatformAdmin"] } });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000)]
    public int BareJsonParse()
    {
        int n = 0;
        foreach (byte[] record in _records)
        {
            using JsonDocument doc = JsonDocument.Parse(record);
            n += doc.RootElement.GetArrayLength_OrZero();
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int EveryRecordInFull()
    {
        int n = 0;
        foreach (byte[] record in _records)
        {
            ParseResult parsed = CloudTrailParser.Parse(record);
            if (parsed.IsSuccess)
            {
                n += (int)_classifier.Classify(parsed.Event!).Outcome;
            }
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int EcsOnlyFastPath()
    {
        int n = 0;
        foreach (byte[] record in _records)
        {
            ParseResult parsed = CloudTrailParser.Parse(record, ParseScope.EcsOnly);
            if (parsed.IsSuccess)
            {
                n += (int)_classifier.Classify(parsed.Event!).Outcome;
            }
        }

        return n;
    }
}
