using System.Text.Json;
using System.Text.Json.Serialization;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;

namespace EcsRtma.Cli;

/// <summary>
/// <c>ecs-rtma classify [FILE…|-]</c>: one JSON verdict per input record. Accepts an EventBridge
/// envelope, a bare record, a CloudTrail log file (<c>{"Records":[…]}</c>) or JSON Lines. A record
/// that cannot be parsed becomes <c>outcome: rejected</c> with the reason; only I/O errors exit non-zero.
/// </summary>
public static class ClassifyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var classifier = new ChangeClassifier(EcsActionCatalog.Default);
        string[] inputs = args.Length == 0 ? ["-"] : args;
        foreach (string input in inputs)
        {
            string text;
            try
            {
                text = input == "-" ? await stdin.ReadToEndAsync() : await File.ReadAllTextAsync(input);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"ecs-rtma classify: cannot read {input}: {ex.Message}");
                return 1;
            }

            foreach (ParseResult record in Records(text))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(Describe(record, classifier), Json));
            }
        }

        return 0;
    }

    /// <summary>Splits any supported input shape into per-record parse results.</summary>
    public static IEnumerable<ParseResult> Records(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument? whole = null;
        try
        {
            whole = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // Not one JSON document: treat it as JSON Lines below.
        }

        if (whole is not null)
        {
            using (whole)
            {
                JsonElement root = whole.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
                {
                    return [.. records.EnumerateArray().Select(CloudTrailParser.ParseRoot)];
                }

                return [CloudTrailParser.ParseRoot(root)];
            }
        }

        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(CloudTrailParser.Parse).ToList();
    }

    private static object Describe(ParseResult record, ChangeClassifier classifier)
    {
        if (!record.IsSuccess)
        {
            return new { eventId = (string?)null, eventName = (string?)null, eventSource = (string?)null, outcome = Outcome.Rejected, severity = (Severity?)null, actor = (object?)null, reasons = new[] { record.Error }, findings = Array.Empty<object>() };
        }

        CloudTrailEvent e = record.Event!;
        Verdict v = classifier.Classify(e);
        return new
        {
            eventId = e.EventId,
            eventName = e.EventName,
            eventSource = e.EventSource,
            outcome = v.Outcome,
            severity = v.Severity,
            actor = new { type = v.Actor.Type, arn = v.Actor.Arn, privileged = v.Actor.Privileged, via = v.Actor.Via, tool = v.Actor.Tool },
            reasons = v.Reasons,
            findings = Array.Empty<object>(),
            title = v.Title,
        };
    }
}
