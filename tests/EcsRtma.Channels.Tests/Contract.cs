using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsRtma.Testing;
using Json.Schema;
using YamlDotNet.Serialization;

namespace EcsRtma.Channels.Tests;

/// <summary>
/// A vendor contract from ../shared/contracts (OpenAPI 3, Swagger 2 or JSON Schema, JSON or YAML),
/// read in place. Finds the operation a captured request hits and validates its body against the
/// operation's request schema ($refs resolved inside the document).
/// </summary>
public sealed class Contract
{
    private static readonly Dialect OpenApiDialect = Dialect.Draft202012.With([], new Uri("https://ecsrtma.test/openapi-as-json-schema"), refIgnoresSiblingKeywords: null, allowUnknownKeywords: true);

    private readonly JsonNode _document;
    private readonly string _text;

    private Contract(string name, string text)
    {
        Name = name;
        _text = text;
        _document = JsonNode.Parse(text)!;
    }

    public string Name { get; }

    public static Contract Load(string fileName)
    {
        string path = SharedData.RequireFile(Path.Combine("contracts", fileName));
        string text = File.ReadAllText(path);
        if (fileName.EndsWith(".yaml", StringComparison.Ordinal))
        {
            object? graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(text);
            text = new SerializerBuilder().JsonCompatible().Build().Serialize(graph!);
        }

        JsonNode document = JsonNode.Parse(text)!;
        AllowNullable(document);
        return new Contract(fileName, document.ToJsonString());
    }

    /// <summary>OpenAPI 3.0 writes "may be null" as <c>nullable: true</c> (and Swagger 2 as <c>x-nullable</c>); JSON Schema as a type union.</summary>
    private static void AllowNullable(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            bool nullable = obj["nullable"]?.GetValueKind() == JsonValueKind.True || obj["x-nullable"]?.GetValueKind() == JsonValueKind.True;
            if (nullable && obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String)
            {
                obj["type"] = new JsonArray(type.GetValue<string>(), "null");
            }

            foreach ((string _, JsonNode? child) in obj.ToList())
            {
                AllowNullable(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? child in array)
            {
                AllowNullable(child);
            }
        }
    }

    /// <summary>The operation (path template and method) a request hits; fails when the contract has none.</summary>
    public JsonObject Operation(string method, string path)
    {
        JsonObject paths = _document["paths"]!.AsObject();
        foreach ((string template, JsonNode? item) in paths)
        {
            string pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && item?[method.ToLowerInvariant()] is JsonObject operation)
            {
                return operation;
            }
        }

        throw new Xunit.Sdk.XunitException($"{Name} has no operation {method} {path} (paths: {string.Join(", ", paths.Select(p => p.Key))})");
    }

    /// <summary>Validates a JSON body against the operation's request body schema; returns the errors (empty when valid).</summary>
    public IReadOnlyList<string> ValidateBody(string method, string path, string body)
    {
        JsonObject operation = Operation(method, path);
        string location = RequestSchemaPointer(operation) ?? throw new Xunit.Sdk.XunitException($"{Name}: {method} {path} declares no JSON request body schema");
        return Validate(location, JsonNode.Parse(body));
    }

    /// <summary>Validates <paramref name="instance"/> against the schema at a JSON pointer of the document (or the whole document for "#").</summary>
    public IReadOnlyList<string> Validate(string location, JsonNode? instance)
    {
        JsonObject root = JsonNode.Parse(_text)!.AsObject();
        if (location != "#")
        {
            root["$ref"] = location;
            root.Remove("$schema");
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        }

        // OpenAPI documents carry keywords JSON Schema does not know (openapi, paths, nullable, example …): allow them.
        var schema = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = OpenApiDialect });
        EvaluationResults results = schema.Evaluate(JsonDocument.Parse(instance?.ToJsonString() ?? "null").RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))];
    }

    private string? RequestSchemaPointer(JsonObject operation)
    {
        string basePointer = Pointer(operation) + "/requestBody";
        JsonNode? requestBody = operation["requestBody"];
        if (requestBody?["$ref"]?.GetValue<string>() is string reference)
        {
            // A shared request body (components/requestBodies/…): follow it.
            basePointer = reference;
            requestBody = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate<string, JsonNode?>(_document, (node, segment) => node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
        }

        if (requestBody?["content"] is JsonObject content)
        {
            foreach ((string type, JsonNode? media) in content)
            {
                if (type.StartsWith("application/json", StringComparison.Ordinal) && media?["schema"] is not null)
                {
                    return $"{basePointer}/content/{Escape(type)}/schema";
                }
            }
        }

        if (operation["parameters"] is JsonArray parameters)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                if (parameters[i]?["in"]?.GetValue<string>() == "body")
                {
                    return $"{Pointer(operation)}/parameters/{i}/schema";
                }
            }
        }

        return null;
    }

    private static string Pointer(JsonNode node) => "#" + string.Concat(node.GetPath().TrimStart('$')
        .Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries)
        .Select(part => part.StartsWith('\'') ? "/" + Escape(part.Trim('\'')) : part.StartsWith('.') ? string.Concat(part.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => "/" + Escape(p))) : "/" + part));

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
