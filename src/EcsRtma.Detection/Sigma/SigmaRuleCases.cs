using System.Text.Json;

namespace EcsRtma.Detection.Sigma;

/// <summary>
/// A rule's own test cases, kept beside it as <c>&lt;rule&gt;.cases.json</c>:
/// <c>{"match": [{"case": "…", "record": {…}}], "nomatch": [{"case": "…", "record": {…}}]}</c>, where each
/// record is a CloudTrail record as CloudTrail writes it (parts of one will do). <see cref="Check"/>
/// answers what does not hold, one line each.
/// </summary>
public static class SigmaRuleCases
{
    /// <summary>The cases file that belongs to a rule file (<c>x.yml</c> → <c>x.cases.json</c>).</summary>
    public static string PathFor(string ruleFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleFile);
        return Path.Combine(Path.GetDirectoryName(ruleFile) ?? string.Empty, Path.GetFileNameWithoutExtension(ruleFile) + ".cases.json");
    }

    /// <summary>What does not hold: a record that must match and does not, one that must not and does, or a malformed cases file. Empty when all hold.</summary>
    public static IReadOnlyList<string> Check(SigmaRule rule, string casesJson)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(casesJson);
        var problems = new List<string>();
        try
        {
            using JsonDocument cases = JsonDocument.Parse(casesJson);
            foreach ((string kind, bool expected) in (ReadOnlySpan<(string, bool)>)[("match", true), ("nomatch", false)])
            {
                if (!cases.RootElement.TryGetProperty(kind, out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    problems.Add($"{kind}: no cases (give at least one record that must {(expected ? string.Empty : "not ")}match)");
                    continue;
                }

                int i = 0;
                foreach (JsonElement item in list.EnumerateArray())
                {
                    string name = item.TryGetProperty("case", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : $"#{i}";
                    if (!item.TryGetProperty("record", out JsonElement record) || record.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{kind}[{i}] '{name}': no record object");
                    }
                    else if (rule.Matches(record) != expected)
                    {
                        problems.Add($"{kind}[{i}] '{name}': {(expected ? "did not match" : "matched")}");
                    }

                    i++;
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"the cases file is not valid JSON: {ex.Message}");
        }

        return problems;
    }
}
