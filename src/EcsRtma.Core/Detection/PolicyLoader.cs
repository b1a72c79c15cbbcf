using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EcsRtma.Core.Detection;

/// <summary>Thrown when a policy file is invalid; the message names the field and why.</summary>
public sealed class PolicyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads a <see cref="DetectionPolicy"/> from JSON or YAML and validates it against the action
/// catalog and the known finding ids. Unknown fields are errors (a typo must not silently disable a rule).
/// </summary>
public static class PolicyLoader
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

    public static DetectionPolicy LoadFile(string path, EcsActionCatalog catalog)
    {
        (string text, bool yaml) = ReadFile(path, "policy");
        return yaml ? LoadYaml(text, catalog) : LoadJson(text, catalog);
    }

    public static DetectionPolicy LoadJson(string json, EcsActionCatalog catalog) => Validate(Deserialize<DetectionPolicy>(json, "policy"), catalog);

    public static DetectionPolicy LoadYaml(string yaml, EcsActionCatalog catalog) => LoadJson(YamlToJson(yaml, "policy"), catalog);

    /// <summary>Converts a YAML document to JSON so one System.Text.Json model (and its strict unknown-field check) serves both.</summary>
    internal static string YamlToJson(string yaml, string documentName)
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
    internal static (string Text, bool Yaml) ReadFile(string path, string documentName)
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
    internal static T Deserialize<T>(string json, string documentName)
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

    private static DetectionPolicy Validate(DetectionPolicy policy, EcsActionCatalog catalog)
    {
        for (int i = 0; i < policy.Privileged.Accounts.Count; i++)
        {
            string account = policy.Privileged.Accounts[i];
            if (account.Length != 12 || !account.All(char.IsAsciiDigit))
            {
                throw new PolicyException($"policy: privileged.accounts[{i}] '{account}' is not a 12-digit AWS account id");
            }
        }

        foreach (string action in policy.Severity.Actions.Keys)
        {
            if (!catalog.TryGet(action, out _))
            {
                throw new PolicyException($"policy: severity.actions.{action}: '{action}' is not an ECS action in the catalog");
            }
        }

        foreach (string finding in policy.Severity.Findings.Keys)
        {
            if (!FindingIds.All.Contains(finding))
            {
                throw new PolicyException($"policy: severity.findings.{finding}: unknown finding id (known: {string.Join(", ", FindingIds.All.Order(StringComparer.Ordinal))})");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < policy.Suppress.Count; i++)
        {
            SuppressionRule rule = policy.Suppress[i];
            string at = $"policy: suppress[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                throw new PolicyException($"{at}.name is required (it is recorded with every change the rule suppresses)");
            }

            if (!names.Add(rule.Name))
            {
                throw new PolicyException($"{at}.name '{rule.Name}' is used by another rule");
            }

            if (rule.Actions.Count + rule.Principals.Count + rule.Accounts.Count + rule.Regions.Count + rule.Clusters.Count + rule.Tools.Count + rule.Windows.Count == 0)
            {
                throw new PolicyException($"{at} ('{rule.Name}') has no conditions and would suppress every change");
            }

            for (int a = 0; a < rule.Actions.Count; a++)
            {
                if (!catalog.TryGet(rule.Actions[a], out _))
                {
                    throw new PolicyException($"{at}.actions[{a}]: '{rule.Actions[a]}' is not an ECS action in the catalog");
                }
            }

            for (int w = 0; w < rule.Windows.Count; w++)
            {
                ParseTime(rule.Windows[w].Start, $"{at}.windows[{w}].start");
                ParseTime(rule.Windows[w].End, $"{at}.windows[{w}].end");
            }
        }

        return policy;
    }

    /// <summary>"HH:mm" (00:00–24:00) → minutes of the day.</summary>
    internal static int ParseTime(string text, string field)
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
