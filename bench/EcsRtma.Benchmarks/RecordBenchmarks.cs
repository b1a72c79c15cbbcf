using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;

namespace EcsRtma.Benchmarks;

/// <summary>1,000 records of a generated trail and the engine, against a bare <see cref="JsonDocument"/> parse of the same bytes.</summary>
[MemoryDiagnoser]
public abstract class RecordBenchmarks
{
    protected byte[][] Records { get; private set; } = [];

    protected ChangeClassifier Classifier { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Records = [.. Generate(1000).Select(System.Text.Encoding.UTF8.GetBytes)];
        Classifier = new ChangeClassifier(EcsActionCatalog.Default, new DetectionPolicy { Privileged = { RoleNames = ["ci-deployer"], PermissionSets = ["PlatformAdmin"] } });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000)]
    public int BareJsonParse()
    {
        int n = 0;
        foreach (byte[] record in Records)
        {
            using JsonDocument doc = JsonDocument.Parse(record);
            n += doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.GetArrayLength() : 0;
        }

        return n;
    }

    protected abstract IEnumerable<string> Generate(int count);
}
