namespace EcsRtma.Detection.Policy;

/// <summary>
/// A suppression rule: every condition it sets must hold (AND); within a list any entry may match (OR).
/// Rules are OR-ed: the first that matches suppresses. A suppressed change is still recorded.
/// </summary>
public sealed class SuppressionRule
{
    public string Name { get; set; } = string.Empty;

    public string? Reason { get; set; }

    public List<string> Actions { get; set; } = [];

    /// <summary>Globs against caller ARN, session issuer ARN or role name.</summary>
    public List<string> Principals { get; set; } = [];

    public List<string> Accounts { get; set; } = [];

    public List<string> Regions { get; set; } = [];

    /// <summary>Cluster name globs.</summary>
    public List<string> Clusters { get; set; } = [];

    /// <summary>Tools as reported in the verdict (Terraform, CloudFormation, AWS CLI, AWS console …).</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>UTC time windows (maintenance windows); the change's eventTime must fall in one.</summary>
    public List<TimeWindow> Windows { get; set; } = [];
}
