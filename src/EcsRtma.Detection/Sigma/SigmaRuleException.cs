namespace EcsRtma.Detection.Sigma;

/// <summary>A rule that breaks the Sigma specification, or that EcsRtma cannot run: names the file, the rule and the field.</summary>
public sealed class SigmaRuleException(string source, string? rule, string field, string problem)
    : Exception($"{source}: rule {(rule is null ? "(untitled)" : $"'{rule}'")}: {field}: {problem}")
{
    /// <summary>The file (or name) the rule was read from.</summary>
    public string RuleSource { get; } = source;

    public string? Rule { get; } = rule;

    public string Field { get; } = field;
}
