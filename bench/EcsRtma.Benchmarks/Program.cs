using System.Globalization;
using BenchmarkDotNet.Running;
using EcsRtma.Benchmarks;
using EcsRtma.Load;

// dotnet run -c Release --project bench/EcsRtma.Benchmarks -- generate 1000000 /tmp/trail.jsonl
if (args is ["generate", var countText, var path])
{
    TrailGenerator.WriteFile(path, int.Parse(countText, CultureInfo.InvariantCulture));
    Console.WriteLine($"wrote {countText} records to {path}");
    return 0;
}

// ... -- generate-org 1000000 /tmp/org-trail.jsonl [ECS_PERCENT]: an organisation trail, ECS about 3 % of it
if (args is ["generate-org", var orgCountText, var orgPath, .. var rest])
{
    int ecsPercent = rest is [var percent] ? int.Parse(percent, CultureInfo.InvariantCulture) : 3;
    OrganisationTrailGenerator.WriteFile(orgPath, int.Parse(orgCountText, CultureInfo.InvariantCulture), ecsPercent);
    Console.WriteLine($"wrote {orgCountText} records ({ecsPercent} % ECS) to {orgPath}");
    return 0;
}

if (args is ["stages"])
{
    var classifier = new EcsRtma.Detection.ChangeClassifier(EcsRtma.Detection.Catalog.EcsActionCatalog.Default);
    byte[][] lines = [.. TrailGenerator.Records(50000).Select(System.Text.Encoding.UTF8.GetBytes)];
    var parsed = lines.Select(l => EcsRtma.Core.Events.CloudTrailParser.Parse(l)).ToArray();
    var verdicts = parsed.Select(p => classifier.Classify(p.Event!)).ToArray();
    for (int round = 0; round < 3; round++)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        foreach (var l in lines) { using var d = System.Text.Json.JsonDocument.Parse(l); }
        double bare = sw.Elapsed.TotalMicroseconds / lines.Length;
        sw.Restart();
        foreach (var l in lines) { EcsRtma.Core.Events.CloudTrailParser.Parse(l); }
        double parse = sw.Elapsed.TotalMicroseconds / lines.Length;
        sw.Restart();
        foreach (var p in parsed) { classifier.Classify(p.Event!); }
        double classify = sw.Elapsed.TotalMicroseconds / lines.Length;
        sw.Restart();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, EcsRtma.Cli.JsonVerdictWriter.Options))
        {
            for (int i = 0; i < parsed.Length; i++)
            {
                if (buffer.WrittenCount > (1 << 26)) { buffer.Clear(); }
                EcsRtma.Cli.JsonVerdictWriter.WriteRecord(w, parsed[i], verdicts[i]);
                w.Flush(); w.Reset();
            }
        }

        double serialize = sw.Elapsed.TotalMicroseconds / lines.Length;
        Console.WriteLine($"bare JsonDocument {bare:F2} us, parse {parse:F2} us ({parse / bare:F2}x), classify {classify:F2} us (engine {(parse + classify) / bare:F2}x), serialize {serialize:F2} us per record");
    }

    return 0;
}

if (args is ["hot", var what])
{
    // A hot loop for `perf record` (DOTNET_PerfMapEnabled=1): parse or parse+classify for ~10 s.
    var classifier = new EcsRtma.Detection.ChangeClassifier(EcsRtma.Detection.Catalog.EcsActionCatalog.Default);
    byte[][] lines = [.. TrailGenerator.Records(5000).Select(System.Text.Encoding.UTF8.GetBytes)];
    var until = DateTime.UtcNow.AddSeconds(10);
    long n = 0;
    while (DateTime.UtcNow < until)
    {
        foreach (var l in lines)
        {
            var p = EcsRtma.Core.Events.CloudTrailParser.Parse(l);
            if (what == "serialize")
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
                using var w = new System.Text.Json.Utf8JsonWriter(buffer, EcsRtma.Cli.JsonVerdictWriter.Options);
                EcsRtma.Cli.JsonVerdictWriter.WriteRecord(w, p, classifier.Classify(p.Event!));
                w.Flush();
                n += buffer.WrittenCount;
                continue;
            }

            n += what == "classify" ? (int)classifier.Classify(p.Event!).Outcome : p.IsSuccess ? 1 : 0;
        }
    }

    Console.WriteLine(n);
    return 0;
}

if (args is ["profile"])
{
    // Per-action cost of classification alone (parse excluded), to see where time goes.
    var classifier = new EcsRtma.Detection.ChangeClassifier(EcsRtma.Detection.Catalog.EcsActionCatalog.Default, new EcsRtma.Detection.Policy.DetectionPolicy { Privileged = { RoleNames = ["ci-deployer"], PermissionSets = ["PlatformAdmin"] } });
    var events = TrailGenerator.Records(20000).Select(r => EcsRtma.Core.Events.CloudTrailParser.Parse(r).Event!).ToArray();
    foreach (var e in events) { classifier.Classify(e); }
    Thread.Sleep(500); // let tiered JIT promote the hot methods before measuring
    foreach (var e in events) { classifier.Classify(e); }
    foreach (var group in events.GroupBy(e => e.EventName))
    {
        var list = group.ToArray();
        for (int w = 0; w < 3; w++) { foreach (var e in list) { classifier.Classify(e); } }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int r = 0; r < 20; r++) { foreach (var e in list) { classifier.Classify(e); } }
        Console.WriteLine($"{group.Key,-28} {sw.Elapsed.TotalMicroseconds / (20.0 * list.Length),8:F2} us  ({list.Length})");
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ClassificationBenchmarks).Assembly).Run(args);
return 0;
