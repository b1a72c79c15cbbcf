using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcsRtma.Detection.Sigma;

/// <summary>
/// Reads Sigma detection rules (the specification in ../shared/contracts/sigma), validates them and
/// compiles them once. A rule that breaks the specification, uses a modifier EcsRtma cannot run, or
/// whose condition names an unknown selection is refused with a <see cref="SigmaRuleException"/> that
/// names the file, the rule and the field. Rules for other log sources load (callers skip them with one
/// warning: <see cref="SigmaRule.ForCloudTrail"/>).
/// </summary>
public static class SigmaRuleLoader
{
    private static readonly HashSet<string> Levels = ["informational", "low", "medium", "high", "critical"];
    private static readonly HashSet<string> Statuses = ["stable", "test", "experimental", "deprecated", "unsupported"];
    private static readonly HashSet<string> Modifiers =
        ["contains", "startswith", "endswith", "all", "re", "i", "m", "s", "cidr", "exists", "fieldref", "base64", "base64offset", "windash", "cased", "neq", "lt", "lte", "gt", "gte"];

    private static readonly HashSet<string> ReOnly = ["i", "m", "s"];
    private static readonly HashSet<string> Relations = ["derived", "obsolete", "merged", "renamed", "similar"];
    private static readonly System.Text.RegularExpressions.Regex Date = new(@"^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private static readonly System.Text.RegularExpressions.Regex Tag = new(@"^[a-z0-9_-]+\.[a-z0-9._-]+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>YAML 1.2's core schema: a plain scalar like these is a number, a boolean or null, not a string.</summary>
    private static readonly System.Text.RegularExpressions.Regex NotAString = new(
        @"^(null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Every rule in a file, or in every .yml/.yaml file under a folder (recursively, in name order).</summary>
    public static IReadOnlyList<SigmaRule> LoadPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .SelectMany(f => Parse(File.ReadAllText(f), f))];
        }

        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new SigmaRuleException(path, null, "path", "no such file or folder");
    }

    /// <summary>The rules of one YAML text (documents separated by <c>---</c>).</summary>
    public static IReadOnlyList<SigmaRule> Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new SigmaRuleException(source, null, $"line {ex.Start.Line}", $"not valid YAML: {ex.Message}");
        }

        var rules = new List<SigmaRule>();
        foreach (YamlDocument document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                throw new SigmaRuleException(source, null, "(document)", "a rule is a YAML map");
            }

            rules.Add(Rule(root, source));
        }

        return rules;
    }

    private static SigmaRule Rule(YamlMappingNode root, string source)
    {
        string? title = Scalar(root, "title");
        Exception Fail(string field, string problem) => new SigmaRuleException(source, title, field, problem);
        Validate(root, Fail);
        if (root.Children.ContainsKey(new YamlScalarNode("correlation")))
        {
            throw Fail("correlation", "correlation rules are not supported yet (issue #24)");
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            throw Fail("title", "a rule needs a title");
        }

        if (title.Length > 256)
        {
            throw Fail("title", "is over 256 characters");
        }

        string? id = Scalar(root, "id");
        if (id is not null && !Guid.TryParseExact(id, "D", out _))
        {
            throw Fail("id", $"'{id}' is not a UUID");
        }

        string? level = Scalar(root, "level")?.ToLowerInvariant();
        if (level is not null && !Levels.Contains(level))
        {
            throw Fail("level", $"'{level}' is not one of {string.Join(", ", Levels)}");
        }

        string? status = Scalar(root, "status")?.ToLowerInvariant();
        if (status is not null && !Statuses.Contains(status))
        {
            throw Fail("status", $"'{status}' is not one of {string.Join(", ", Statuses)}");
        }

        if (Child(root, "logsource") is not YamlMappingNode logsource)
        {
            throw Fail("logsource", "a rule needs a logsource map (product: aws, service: cloudtrail)");
        }

        if (Child(root, "detection") is not YamlMappingNode detection)
        {
            throw Fail("detection", "a rule needs a detection map with a condition");
        }

        return new SigmaRule
        {
            Title = title,
            Id = id,
            Level = level,
            Status = status,
            Description = Scalar(root, "description"),
            Tags = List(root, "tags", Fail),
            References = List(root, "references", Fail),
            FalsePositives = List(root, "falsepositives", Fail),
            Product = Scalar(logsource, "product"),
            Service = Scalar(logsource, "service"),
            Category = Scalar(logsource, "category"),
            Source = source,
            Detection = Detection(detection, Fail),
        };
    }

    /// <summary>What the specification's JSON schema requires of the rule's other fields (sigma-detection-rule-schema.json), checked here so every rule the schema refuses is refused.</summary>
    private static void Validate(YamlMappingNode root, Func<string, string, Exception> fail)
    {
        foreach ((string key, int? max) in (ReadOnlySpan<(string, int?)>)[("title", 256), ("id", null), ("name", 256), ("taxonomy", 256), ("status", null), ("description", 65535), ("license", null), ("author", null), ("date", null), ("modified", null), ("level", null)])
        {
            if (Child(root, key) is { } node)
            {
                string text = Text(node, key, fail);
                if (text.Length > max)
                {
                    throw fail(key, $"is over {max} characters");
                }
            }
        }

        foreach (string key in (string[])["date", "modified"])
        {
            if (Scalar(root, key) is { } date && !Date.IsMatch(date))
            {
                throw fail(key, $"'{date}' is not a date (YYYY-MM-DD)");
            }
        }

        Texts(root, "references", unique: true, minLength: 0, fail);
        Texts(root, "fields", unique: true, minLength: 0, fail);
        Texts(root, "scope", unique: false, minLength: 2, fail);
        Texts(root, "falsepositives", unique: true, minLength: 2, fail);
        foreach (string tag in Texts(root, "tags", unique: true, minLength: 0, fail))
        {
            if (!Tag.IsMatch(tag))
            {
                throw fail("tags", $"'{tag}' is not a tag (namespace.name in lowercase, e.g. attack.t1611)");
            }
        }

        if (Child(root, "related") is { } related)
        {
            if (related is not YamlSequenceNode relations)
            {
                throw fail("related", "is a list of {id, type}");
            }

            foreach ((YamlNode item, int i) in relations.Children.Select((n, i) => (n, i)))
            {
                if (item is not YamlMappingNode relation || Scalar(relation, "id") is not { } id || Scalar(relation, "type") is not { } type)
                {
                    throw fail($"related[{i}]", "needs an id and a type");
                }

                if (!Guid.TryParseExact(id, "D", out _) || !Relations.Contains(type))
                {
                    throw fail($"related[{i}]", $"id must be a UUID and type one of {string.Join(", ", Relations)}");
                }
            }
        }

        if (Child(root, "logsource") is YamlMappingNode logsource)
        {
            foreach ((YamlNode key, YamlNode value) in logsource.Children)
            {
                string name = ((YamlScalarNode)key).Value ?? string.Empty;
                if (name is "category" or "product" or "service" or "definition")
                {
                    _ = Text(value, $"logsource.{name}", fail);
                }
            }
        }

        if (Child(root, "detection") is YamlMappingNode detection && Child(detection, "condition") is { } condition)
        {
            _ = Text(condition, "detection.condition", fail);
        }
    }

    /// <summary>A field the schema types as a string: a plain scalar that YAML reads as a number, boolean or null is refused.</summary>
    private static string Text(YamlNode node, string field, Func<string, string, Exception> fail) =>
        node is YamlScalarNode { Value: { } value } scalar && (scalar.Style != ScalarStyle.Plain || !NotAString.IsMatch(value))
            ? value
            : throw fail(field, "is a text (quote it if it looks like a number, a boolean or null)");

    /// <summary>A list of texts, as the schema wants it: a YAML list (not a single value), items of at least <paramref name="minLength"/> characters, unique when asked.</summary>
    private static List<string> Texts(YamlMappingNode map, string key, bool unique, int minLength, Func<string, string, Exception> fail)
    {
        if (Child(map, key) is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw fail(key, "is a list");
        }

        List<string> items = [.. list.Children.Select((c, i) => Text(c, $"{key}[{i}]", fail))];
        if (items.FirstOrDefault(i => i.Length < minLength) is { } tooShort)
        {
            throw fail(key, $"'{tooShort}' is shorter than {minLength} characters");
        }

        if (unique && items.Count != items.Distinct(StringComparer.Ordinal).Count())
        {
            throw fail(key, "lists a value twice");
        }

        return items;
    }

    private static SigmaDetection Detection(YamlMappingNode detection, Func<string, string, Exception> fail)
    {
        var selections = new Dictionary<string, Func<JsonElement, bool>>(StringComparer.Ordinal);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        YamlNode? condition = null;
        foreach ((YamlNode key, YamlNode value) in detection.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (name == "condition")
            {
                condition = value;
            }
            else if (name != "timeframe")
            {
                selections[name] = Selection(value, $"detection.{name}", fields, fail);
            }
        }

        string text = condition is YamlScalarNode { Value: { } expression } && !string.IsNullOrWhiteSpace(expression)
            ? expression
            : throw fail("detection.condition", "a rule needs a condition (one expression, a text)");
        return new SigmaDetection(SigmaCondition.Parse(text, selections, p => fail("detection.condition", p)), fields);
    }

    /// <summary>A map is an AND of its fields; a list of maps an OR of them; a list of plain values keywords, searched in every value of the record.</summary>
    private static Func<JsonElement, bool> Selection(YamlNode node, string at, SortedSet<string> fields, Func<string, string, Exception> fail)
    {
        switch (node)
        {
            case YamlMappingNode map when map.Children.Count > 0:
                SigmaField[] all = [.. map.Children.Select(c => Field(((YamlScalarNode)c.Key).Value ?? string.Empty, c.Value, at, fields, fail))];
                return r => all.All(f => f.Matches(r));
            case YamlSequenceNode list when list.Children.Count > 0 && list.Children.All(c => c is YamlMappingNode):
                Func<JsonElement, bool>[] any = [.. list.Children.Select((c, i) => Selection(c, $"{at}[{i}]", fields, fail))];
                return r => any.Any(s => s(r));
            case YamlSequenceNode list when list.Children.Count > 0 && list.Children.All(c => c is YamlScalarNode):
                Func<string?, bool>[] keywords = [.. list.Children.Select(c => SigmaValues.Compile(((YamlScalarNode)c).Value ?? string.Empty, new HashSet<string> { "contains" }, p => fail(at, p)))];
                return r => JsonFields.Scalars(r).Any(v => keywords.Any(k => k(v)));
            default:
                throw fail(at, "a selection is a map of fields, a list of such maps, or a list of keywords");
        }
    }

    private static SigmaField Field(string key, YamlNode value, string at, SortedSet<string> fields, Func<string, string, Exception> fail)
    {
        string[] parts = key.Split('|');
        string name = parts[0];
        string where = $"{at}.{key}";
        if (name.Length == 0)
        {
            throw fail(where, "a field needs a name");
        }

        string[] modifiers = [.. parts.Skip(1)];
        foreach (string modifier in modifiers)
        {
            if (!Modifiers.Contains(modifier))
            {
                throw fail(where, $"modifier '{modifier}' is not supported (supported: {string.Join(", ", Modifiers.Order(StringComparer.Ordinal))})");
            }

            if (ReOnly.Contains(modifier) && !modifiers.Contains("re"))
            {
                throw fail(where, $"'{modifier}' is a sub-modifier of re");
            }
        }

        List<string?> values = value switch
        {
            YamlScalarNode s => [Text(s)],
            YamlSequenceNode list when list.Children.Count > 0 && list.Children.All(c => c is YamlScalarNode) => [.. list.Children.Select(c => Text((YamlScalarNode)c))],
            _ => throw fail(where, "a field's value is a value or a list of values"),
        };
        fields.Add(name);
        return SigmaField.Compile(name, modifiers, values, p => fail(where, p));
    }

    /// <summary>A value as written: a plain <c>null</c> or <c>~</c> is Sigma's null; numbers and booleans keep their text.</summary>
    private static string? Text(YamlScalarNode node) =>
        node.Style == ScalarStyle.Plain && node.Value is "null" or "~" or "Null" or "NULL" ? null : node.Value ?? string.Empty;

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => Child(map, key) is YamlScalarNode s ? s.Value : null;

    private static IReadOnlyList<string> List(YamlMappingNode map, string key, Func<string, string, Exception> fail) => Child(map, key) switch
    {
        null => [],
        YamlScalarNode s => [s.Value ?? string.Empty],
        YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) => [.. list.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty)],
        _ => throw fail(key, "is a list of texts"),
    };
}
