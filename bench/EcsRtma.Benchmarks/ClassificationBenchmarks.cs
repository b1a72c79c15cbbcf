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
/// Cost of the whole engine (parse + classify, with task-definition inspection where it applies)
/// against a bare <see cref="JsonDocument"/> parse of the same bytes. Target: ≤ 1.5× the bare parse.
/// </summary>
[MemoryDiagnoser]
public class ClassificationBenchmarks
{
    private byte[][] _records = [];
    private ChangeClassifier _classifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = [.. TrailGenerator.Records(1000).Select(Encoding.UTF8.GetBytes)];
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

    /// <summary>The floor of any reader-based parser: every token read, nothing kept.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int TokenizeOnly()
    {
        int n = 0;
        foreach (byte[] record in _records)
        {
            var reader = new Utf8JsonReader(record);
            while (reader.Read())
            {
                n++;
            }
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int ParseOnly()
    {
        int n = 0;
        foreach (byte[] record in _records)
        {
            n += CloudTrailParser.Parse(record).IsSuccess ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int ParseAndClassify()
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
}

internal static class JsonElementExtensions
{
    /// <summary>Touches the root so the parse cannot be elided; records are objects, so this is 0.</summary>
    public static int GetArrayLength_OrZero(this JsonElement element) => element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : 0;
}
