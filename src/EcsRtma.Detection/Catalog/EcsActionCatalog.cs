using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsRtma.Detection.Catalog;

/// <summary>
/// The ECS actions EcsRtma alerts on, loaded from the embedded <c>ecs-actions.json</c> and validated at load.
/// </summary>
public sealed class EcsActionCatalog
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private readonly FrozenDictionary<string, EcsAction> _actions;

    private EcsActionCatalog(IEnumerable<EcsAction> actions)
    {
        _actions = actions.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<EcsAction> Actions => _actions.Values;

    public bool TryGet(string eventName, out EcsAction action) => _actions.TryGetValue(eventName, out action!);

    /// <summary>The catalog shipped with this build.</summary>
    public static EcsActionCatalog Default { get; } = LoadEmbedded();

    public static EcsActionCatalog Load(Stream utf8Json)
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"ECS action catalog is not valid: {ex.Message}", ex);
        }

        if (file?.Actions is not { Count: > 0 } actions)
        {
            throw new InvalidDataException("ECS action catalog: 'actions' is missing or empty");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < actions.Count; i++)
        {
            EcsAction a = actions[i];
            string at = $"ECS action catalog: actions[{i}]";
            if (string.IsNullOrWhiteSpace(a.Name))
            {
                throw new InvalidDataException($"{at}.name is required");
            }

            if (string.IsNullOrWhiteSpace(a.ResourceType))
            {
                throw new InvalidDataException($"{at}.resourceType is required (action {a.Name})");
            }

            if (string.IsNullOrWhiteSpace(a.Description))
            {
                throw new InvalidDataException($"{at}.description is required (action {a.Name})");
            }

            if (string.IsNullOrWhiteSpace(a.Remediation))
            {
                throw new InvalidDataException($"{at}.remediation is required (action {a.Name})");
            }

            if (!Enum.IsDefined(a.Severity))
            {
                throw new InvalidDataException($"{at}.severity is not a known level (action {a.Name})");
            }

            if (!seen.Add(a.Name))
            {
                throw new InvalidDataException($"{at}.name '{a.Name}' is listed twice");
            }
        }

        return new EcsActionCatalog(actions);
    }

    private static EcsActionCatalog LoadEmbedded()
    {
        using Stream stream = typeof(EcsActionCatalog).Assembly.GetManifestResourceStream("EcsRtma.Detection.ecs-actions.json")
            ?? throw new InvalidOperationException("embedded ECS action catalog is missing from the build");
        return Load(stream);
    }

    private sealed record CatalogFile(int Version, List<EcsAction>? Actions);
}
