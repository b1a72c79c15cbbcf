using System.Globalization;
using BenchmarkDotNet.Running;
using EcsRtma.Benchmarks;

// dotnet run -c Release --project bench/EcsRtma.Benchmarks -- generate 1000000 /tmp/trail.jsonl
if (args is ["generate", var countText, var path])
{
    TrailGenerator.WriteFile(path, int.Parse(countText, CultureInfo.InvariantCulture));
    Console.WriteLine($"wrote {countText} records to {path}");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ClassificationBenchmarks).Assembly).Run(args);
return 0;
