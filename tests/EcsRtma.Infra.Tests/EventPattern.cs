using System.Text.Json;

namespace EcsRtma.Infra.Tests;

/// <summary>
/// EventBridge event-pattern matching for the operators our templates use: nested objects are
/// AND-ed; a leaf array lists the accepted values (OR), compared by exact JSON equality (strings
/// are case-sensitive); an array in the event matches if any element does; a field missing from
/// the event never matches; `{"prefix": "…"}` and `{"exists": bool}` are supported in case a
/// pattern needs them. Any other operator is refused, so a template cannot quietly use one this
/// matcher does not implement.
/// </summary>
public static class EventPattern
{
    public static bool Matches(JsonElement pattern, JsonElement @event)
    {
        foreach (JsonProperty rule in pattern.EnumerateObject())
        {
            bool present = @event.ValueKind == JsonValueKind.Object && @event.TryGetProperty(rule.Name, out JsonElement value);
            if (rule.Value.ValueKind == JsonValueKind.Object)
            {
                if (!present || !Matches(rule.Value, @event.GetProperty(rule.Name)))
                {
                    return false;
                }
            }
            else if (rule.Value.ValueKind == JsonValueKind.Array)
            {
                if (!LeafMatches(rule.Value, present ? @event.GetProperty(rule.Name) : default, present))
                {
                    return false;
                }
            }
            else
            {
                throw new NotSupportedException($"pattern field '{rule.Name}' must be an object or an array");
            }
        }

        return true;
    }

    private static bool LeafMatches(JsonElement accepted, JsonElement value, bool present)
    {
        foreach (JsonElement candidate in accepted.EnumerateArray())
        {
            if (candidate.ValueKind == JsonValueKind.Object)
            {
                JsonProperty op = candidate.EnumerateObject().Single();
                bool hit = op.Name switch
                {
                    "exists" => op.Value.GetBoolean() == present,
                    "prefix" => present && AnyValue(value, v => v.ValueKind == JsonValueKind.String && v.GetString()!.StartsWith(op.Value.GetString()!, StringComparison.Ordinal)),
                    _ => throw new NotSupportedException($"EventBridge operator '{op.Name}' is not implemented by this matcher"),
                };
                if (hit)
                {
                    return true;
                }
            }
            else if (present && AnyValue(value, v => JsonElement.DeepEquals(v, candidate)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyValue(JsonElement value, Func<JsonElement, bool> predicate) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Any(predicate) : predicate(value);
}
