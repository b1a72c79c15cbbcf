using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EcsRtma.Core.Policies;

/// <summary>
/// Reading of policy-like documents (the detection policy, the escalation policies): JSON or YAML,
/// one strict System.Text.Json model (unknown fields are errors), errors that name the field.
/// </summary>
public static class PolicyDocument
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString, // YAML scalars arrive as strings
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>Converts a YAML document to JSON so one System.Text.Json model (and its strict unknown-field check) serves both.</summary>
    public static string YamlToJson(string yaml, string documentName)
    {
        try
        {
            object? graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
            return new SerializerBuilder().JsonCompatible().Build().Serialize(graph ?? new Dictionary<string, object>());
        }
        catch (YamlException ex)
        {
            throw new PolicyException($"{documentName}: YAML error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a policy-like file: its text and whether it is YAML.</summary>
    public static (string Text, bool Yaml) ReadFile(string path, string documentName)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            bool yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            return (File.ReadAllText(path), yaml);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"cannot read {documentName} file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Deserializes strictly, turning JSON errors into a message naming the path.</summary>
    public static T Deserialize<T>(string json, string documentName)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new PolicyException($"{documentName}: the document is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new PolicyException($"{documentName}: {(ex.Path is { Length: > 1 } path ? $"at {path}: " : string.Empty)}{Explain(ex)}", ex);
        }
    }

    private static string Explain(JsonException ex) => ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? "unknown field (check its spelling and nesting)"
        : ex.Message.Split(" Path:", 2)[0];

    /// <summary>"HH:mm" (00:00–24:00) → minutes of the day.</summary>
    public static int ParseTime(string text, string field)
    {
        string[] parts = (text ?? string.Empty).Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            && parts[1].Length == 2 && h is >= 0 and <= 24 && m is >= 0 and < 60 && h * 60 + m <= 24 * 60)
        {
            return h * 60 + m;
        }

        throw new PolicyException($"{field}: '{text}' is not a time of day as HH:mm (UTC)");
    }
}
