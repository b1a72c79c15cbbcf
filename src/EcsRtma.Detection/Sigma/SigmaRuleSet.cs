using System.Reflection;

namespace EcsRtma.Detection.Sigma;

/// <summary>The rules EcsRtma ships (the container-escape baseline in <c>Rules/</c>), embedded in the assembly, each with its cases.</summary>
public static class SigmaRuleSet
{
    private const string Prefix = "EcsRtma.Detection.Rules.";

    private static readonly Lazy<IReadOnlyList<(SigmaRule Rule, string Cases)>> Shipped = new(Load);

    /// <summary>The shipped rules.</summary>
    public static IReadOnlyList<SigmaRule> BuiltIn => [.. Shipped.Value.Select(r => r.Rule)];

    /// <summary>The shipped rules with their cases files' text.</summary>
    public static IReadOnlyList<(SigmaRule Rule, string Cases)> BuiltInWithCases => Shipped.Value;

    private static List<(SigmaRule, string)> Load()
    {
        Assembly assembly = typeof(SigmaRuleSet).Assembly;
        var rules = new List<(SigmaRule, string)>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            string file = name[Prefix.Length..];
            string casesName = Prefix + file[..^".yml".Length] + ".cases.json";
            foreach (SigmaRule rule in SigmaRuleLoader.Parse(Read(assembly, name), "built-in:" + file))
            {
                rules.Add((rule, assembly.GetManifestResourceStream(casesName) is null ? string.Empty : Read(assembly, casesName)));
            }
        }

        return rules;
    }

    private static string Read(Assembly assembly, string name)
    {
        using Stream stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"embedded rule {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
