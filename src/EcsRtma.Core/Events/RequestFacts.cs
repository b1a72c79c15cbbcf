using System.Text.Json;

namespace EcsRtma.Core.Events;

/// <summary>
/// What the detectors read from <c>requestParameters</c>, collected in the parser's single pass so no
/// detector parses the request a second time: the task definition of a registration, the container
/// overrides of a launch, and ExecuteCommand's container and command. Held in memory only, never
/// serialized (<see cref="CloudTrailEvent.Request"/> is ignored by every serializer): environment
/// values in here may be secrets.
/// </summary>
public sealed class RequestFacts
{
    /// <summary>The request read as a task definition (every request has one; it is empty unless the request is one).</summary>
    public TaskDefinitionFacts TaskDefinition { get; internal set; } = TaskDefinitionFacts.Empty;

    /// <summary><c>overrides.containerOverrides</c> of RunTask / StartTask (empty when absent).</summary>
    public IReadOnlyList<ContainerFacts> ContainerOverrides { get; internal set; } = [];

    /// <summary>ExecuteCommand's <c>container</c>, when a string.</summary>
    public string? Container { get; internal set; }

    /// <summary>ExecuteCommand's <c>command</c>, when a string.</summary>
    public string? Command { get; internal set; }

    /// <summary>Reads a <c>requestParameters</c> object on its own (tests and tools); null when it is not a JSON object.</summary>
    public static RequestFacts? Parse(string requestParametersJson)
    {
        ArgumentNullException.ThrowIfNull(requestParametersJson);
        return CloudTrailParser.ReadRequestFacts(System.Text.Encoding.UTF8.GetBytes(requestParametersJson));
    }

    /// <summary>Reads a task definition (the ECS API shape of RegisterTaskDefinition's request) from an element.</summary>
    public static TaskDefinitionFacts ParseTaskDefinition(JsonElement taskDefinition) =>
        taskDefinition.ValueKind == JsonValueKind.Object && CloudTrailParser.ReadRequestFacts(System.Text.Encoding.UTF8.GetBytes(taskDefinition.GetRawText())) is { } facts
            ? facts.TaskDefinition
            : TaskDefinitionFacts.Empty;
}
