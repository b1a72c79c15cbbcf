using EcsRtma.Core.Findings;
using EcsRtma.Core.Policies;
using EcsRtma.Detection.Catalog;
namespace EcsRtma.Detection.Policy;

/// <summary>
/// Loads a <see cref="DetectionPolicy"/> from JSON or YAML and validates it against the action
/// catalog and the known finding ids. Unknown fields are errors (a typo must not silently disable a rule).
/// </summary>
public static class PolicyLoader
{
    public static DetectionPolicy LoadFile(string path, EcsActionCatalog catalog)
    {
        (string text, bool yaml) = PolicyDocument.ReadFile(path, "policy");
        return yaml ? LoadYaml(text, catalog) : LoadJson(text, catalog);
    }

    public static DetectionPolicy LoadJson(string json, EcsActionCatalog catalog) => Validate(PolicyDocument.Deserialize<DetectionPolicy>(json, "policy"), catalog);

    public static DetectionPolicy LoadYaml(string yaml, EcsActionCatalog catalog) => LoadJson(PolicyDocument.YamlToJson(yaml, "policy"), catalog);

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
                PolicyDocument.ParseTime(rule.Windows[w].Start, $"{at}.windows[{w}].start");
                PolicyDocument.ParseTime(rule.Windows[w].End, $"{at}.windows[{w}].end");
            }
        }

        return policy;
    }
}
