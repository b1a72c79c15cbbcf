using System.Text.Json;

namespace EcsRtma.Detection.Sigma;

/// <summary>
/// Field access on a record, as Sigma rules for CloudTrail address it: dotted names walk nested objects
/// (<c>requestParameters.containerDefinitions.command</c>); a list anywhere on the path matches when any
/// element does; a field that names an object or list matches when any value inside it does. Booleans
/// and numbers are compared as their JSON text (<c>true</c>, <c>3</c>).
/// </summary>
internal static class JsonFields
{
    /// <summary>The nodes at the path (a property missing on the way yields none).</summary>
    public static IEnumerable<JsonElement> Nodes(JsonElement node, string[] path, int index = 0)
    {
        if (index == path.Length)
        {
            yield return node;
            yield break;
        }

        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in node.EnumerateArray())
            {
                foreach (JsonElement found in Nodes(item, path, index))
                {
                    yield return found;
                }
            }
        }
        else if (node.ValueKind == JsonValueKind.Object && Property(node, path[index]) is { } child)
        {
            foreach (JsonElement found in Nodes(child, path, index + 1))
            {
                yield return found;
            }
        }
    }

    /// <summary>Every scalar value at or under the nodes at the path, as text; JSON null as null.</summary>
    public static IEnumerable<string?> Values(JsonElement record, string[] path)
    {
        foreach (JsonElement node in Nodes(record, path))
        {
            foreach (string? value in Scalars(node))
            {
                yield return value;
            }
        }
    }

    /// <summary>Every scalar value in the node (itself, or inside it), as text.</summary>
    public static IEnumerable<string?> Scalars(JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty p in node.EnumerateObject())
                {
                    foreach (string? v in Scalars(p.Value))
                    {
                        yield return v;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in node.EnumerateArray())
                {
                    foreach (string? v in Scalars(item))
                    {
                        yield return v;
                    }
                }

                break;
            case JsonValueKind.String:
                yield return node.GetString();
                break;
            case JsonValueKind.Null:
                yield return null;
                break;
            default:
                yield return node.GetRawText(); // numbers and booleans as their JSON text
                break;
        }
    }

    /// <summary>The property by its exact name, else by a case-insensitive one (CloudTrail's names are camelCase; rules are sometimes not).</summary>
    private static JsonElement? Property(JsonElement node, string name)
    {
        if (node.TryGetProperty(name, out JsonElement exact))
        {
            return exact;
        }

        foreach (JsonProperty p in node.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }
}
