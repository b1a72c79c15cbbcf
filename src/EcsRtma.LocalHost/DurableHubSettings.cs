using System.Globalization;
using System.Text.Json;

namespace EcsRtma.LocalHost;

/// <summary>
/// How the Azure Storage provider runs a task hub, read from <c>extensions.durableTask</c> of the
/// repository's <c>host.json</c>: the file the Functions host reads in Azure is also what the local
/// host's sidecar and the load harness run with, so what is measured here is what is deployed
/// (ADR 0014). A setting host.json leaves out gets the Durable Functions default.
/// </summary>
/// <remarks>
/// The partition count is not taken from it: a task hub's partition count is fixed when the hub is
/// created (the provider warns that changing it "could result in errors for in-flight
/// orchestrations"), and the local hub has one partition since the first local run.
/// </remarks>
public sealed record DurableHubSettings
{
    public const string FileName = "host.json";

    /// <summary>What Durable Functions uses when host.json says nothing (extension 2.x/3.x, Azure Storage provider).</summary>
    public static DurableHubSettings FunctionsDefaults { get; } = new();

    /// <summary><c>extendedSessionsEnabled</c>: an orchestration's history stays in memory between its episodes.</summary>
    public bool ExtendedSessions { get; init; }

    /// <summary><c>extendedSessionIdleTimeoutInSeconds</c>.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>storageProvider.maxQueuePollingInterval</c>: the longest an idle worker waits between polls
    /// of a control or work-item queue, so about how late a durable timer (an escalation, a delivery
    /// retry) can fire on a quiet app. A message the provider enqueues itself wakes its own poller at
    /// once, so a new orchestration started in the same instance does not wait for it (ADR 0014).
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>storageProvider.controlQueueVisibilityTimeout</c>: when a dead worker's orchestration messages reappear.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>storageProvider.workItemQueueVisibilityTimeout</c>: when a dead worker's activity messages reappear.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The host.json next to the running executable (copied there by the build).</summary>
    public static DurableHubSettings NextToExecutable() => Load(Path.Combine(AppContext.BaseDirectory, FileName));

    /// <summary>Reads <paramref name="path"/>; a missing file or a value of the wrong shape is an error that names it.</summary>
    public static DurableHubSettings Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} not found: the durable task hub settings come from host.json, which the build copies next to the executable (rebuild, or copy the repository's host.json there)");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses host.json text; <paramref name="source"/> names it in errors.</summary>
    public static DurableHubSettings Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            // host.json may carry comments and trailing commas: the Functions host accepts both.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: expected a JSON object");
            }

            DurableHubSettings settings = FunctionsDefaults;
            if (!TryGetObject(document.RootElement, "extensions", source, out JsonElement extensions)
                || !TryGetObject(extensions, "durableTask", source + ": extensions", out JsonElement durable))
            {
                return settings;
            }

            const string at = "extensions.durableTask";
            settings = settings with
            {
                ExtendedSessions = Bool(durable, "extendedSessionsEnabled", source, at) ?? settings.ExtendedSessions,
                ExtendedSessionIdleTimeout = Seconds(durable, "extendedSessionIdleTimeoutInSeconds", source, at) ?? settings.ExtendedSessionIdleTimeout,
            };
            if (!TryGetObject(durable, "storageProvider", $"{source}: {at}", out JsonElement provider))
            {
                return settings;
            }

            string providerAt = at + ".storageProvider";
            return settings with
            {
                MaxQueuePollingInterval = Duration(provider, "maxQueuePollingInterval", source, providerAt) ?? settings.MaxQueuePollingInterval,
                ControlQueueVisibilityTimeout = Duration(provider, "controlQueueVisibilityTimeout", source, providerAt) ?? settings.ControlQueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = Duration(provider, "workItemQueueVisibilityTimeout", source, providerAt) ?? settings.WorkItemQueueVisibilityTimeout,
            };
        }
    }

    private static bool TryGetObject(JsonElement parent, string name, string where, out JsonElement value)
    {
        if (!parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind == JsonValueKind.Object
            ? true
            : throw new InvalidDataException($"{where}: '{name}' must be an object, found {value.ValueKind}");
    }

    private static bool? Bool(JsonElement parent, string name, string source, string at) =>
        !parent.TryGetProperty(name, out JsonElement value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Invalid(source, at, name, value, "true or false");

    private static TimeSpan? Seconds(JsonElement parent, string name, string source, string at) =>
        !parent.TryGetProperty(name, out JsonElement value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds)
        : throw Invalid(source, at, name, value, "a whole number of seconds from 1");

    private static TimeSpan? Duration(JsonElement parent, string name, string source, string at) =>
        !parent.TryGetProperty(name, out JsonElement value) ? null
        : value.ValueKind == JsonValueKind.String && TimeSpan.TryParseExact(value.GetString(), "c", CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero ? span
        : throw Invalid(source, at, name, value, "a time span above zero (\"hh:mm:ss\")");

    private static InvalidDataException Invalid(string source, string at, string name, JsonElement value, string expected)
    {
        string found = value.ValueKind == JsonValueKind.String ? $"\"{Shown(value.GetString())}\"" : value.ValueKind.ToString();
        return new InvalidDataException($"{source}: {at}.{name} must be {expected}, found {found}");
    }

    private static string Shown(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
