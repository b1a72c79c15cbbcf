using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EcsRtma.Core.Events;
using EcsRtma.Load;

namespace EcsRtma.Benchmarks;

/// <summary>
/// Cost of the whole engine (parse + classify, with task-definition inspection where it applies)
/// against a bare <see cref="JsonDocument"/> parse of the same bytes. Target: ≤ 1.5× the bare parse.
/// </summary>
public class ClassificationBenchmarks : RecordBenchmarks
{
    protected override IEnumerable<string> Generate(int count) => TrailGenerator.Records(count);

    /// <summary>The floor of any reader-based parser: every token read, nothing kept.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int TokenizeOnly()
    {
        int n = 0;
        foreach (byte[] record in Records)
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
        foreach (byte[] record in Records)
        {
            n += CloudTrailParser.Parse(record).IsSuccess ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int ParseAndClassify()
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
}
