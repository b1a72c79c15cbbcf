using EcsRtma.Core.Policies;

namespace EcsRtma.Core.Escalation;

/// <summary>
/// Loads and validates an <see cref="EscalationPolicySet"/> from JSON or YAML. Unknown fields are
/// errors, and every error names the field (<c>escalation: policies[0].tiers[1].ackTimeout …</c>).
/// </summary>
public static class EscalationPolicyLoader
{
    private const string Document = "escalation";

    public static EscalationPolicySet LoadFile(string path, IReadOnlyCollection<string>? knownChannels = null)
    {
        (string text, bool yaml) = PolicyDocument.ReadFile(path, Document);
        return yaml ? LoadYaml(text, knownChannels) : LoadJson(text, knownChannels);
    }

    public static EscalationPolicySet LoadJson(string json, IReadOnlyCollection<string>? knownChannels = null) =>
        Validate(PolicyDocument.Deserialize<EscalationPolicySet>(json, Document), knownChannels);

    public static EscalationPolicySet LoadYaml(string yaml, IReadOnlyCollection<string>? knownChannels = null) =>
        LoadJson(PolicyDocument.YamlToJson(yaml, Document), knownChannels);

    /// <summary>Checks the set; <paramref name="knownChannels"/>, when given, are the channels configured in this host.</summary>
    public static EscalationPolicySet Validate(EscalationPolicySet set, IReadOnlyCollection<string>? knownChannels = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.GroupingWindow < TimeSpan.Zero)
        {
            throw new PolicyException($"{Document}: groupingWindow must not be negative, got {set.GroupingWindow}");
        }

        if (set.AutoCloseAfter <= TimeSpan.Zero)
        {
            throw new PolicyException($"{Document}: autoCloseAfter must be positive, got {set.AutoCloseAfter}");
        }

        if (set.Policies.Count == 0)
        {
            throw new PolicyException($"{Document}: policies must define at least one policy");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int p = 0; p < set.Policies.Count; p++)
        {
            EscalationPolicy policy = set.Policies[p];
            string at = $"{Document}: policies[{p}]";
            if (string.IsNullOrWhiteSpace(policy.Name) || !names.Add(policy.Name))
            {
                throw new PolicyException($"{at}.name must be a unique, non-empty name (got '{policy.Name}')");
            }

            if (policy.Tiers.Count == 0)
            {
                throw new PolicyException($"{at}.tiers must list at least one tier");
            }

            if (policy.Repeat is < 0 or > 10)
            {
                throw new PolicyException($"{at}.repeat must be between 0 and 10, got {policy.Repeat}");
            }

            for (int t = 0; t < policy.Tiers.Count; t++)
            {
                EscalationTierSpec tier = policy.Tiers[t];
                if (tier.Channels.Count == 0)
                {
                    throw new PolicyException($"{at}.tiers[{t}].channels must name at least one channel");
                }

                CheckChannels(tier.Channels, $"{at}.tiers[{t}].channels", knownChannels);
                CheckChannels(tier.Fallback, $"{at}.tiers[{t}].fallback", knownChannels);
                if (tier.AckTimeout <= TimeSpan.Zero)
                {
                    throw new PolicyException($"{at}.tiers[{t}].ackTimeout must be positive, got {tier.AckTimeout}");
                }

                for (int r = 0; r < tier.Recipients.Count; r++)
                {
                    if (string.IsNullOrWhiteSpace(tier.Recipients[r]))
                    {
                        throw new PolicyException($"{at}.tiers[{t}].recipients[{r}] is empty");
                    }
                }

                for (int g = 0; g < tier.Groups.Count; g++)
                {
                    if (!Guid.TryParse(tier.Groups[g], out _))
                    {
                        throw new PolicyException($"{at}.tiers[{t}].groups[{g}] '{tier.Groups[g]}' is not an Entra ID group object id (a GUID)");
                    }
                }
            }

            CheckChannels(policy.OnExhausted.Channels, $"{at}.onExhausted.channels", knownChannels);
        }

        if (!names.Contains(set.DefaultPolicy))
        {
            throw new PolicyException($"{Document}: defaultPolicy '{set.DefaultPolicy}' is not one of the policies ({string.Join(", ", names)})");
        }

        for (int r = 0; r < set.Routes.Count; r++)
        {
            EscalationRoute route = set.Routes[r];
            string at = $"{Document}: routes[{r}]";
            if (!names.Contains(route.Policy))
            {
                throw new PolicyException($"{at}.policy '{route.Policy}' is not one of the policies ({string.Join(", ", names)})");
            }

            for (int a = 0; a < route.Accounts.Count; a++)
            {
                if (route.Accounts[a].Length != 12 || !route.Accounts[a].All(char.IsAsciiDigit))
                {
                    throw new PolicyException($"{at}.accounts[{a}] '{route.Accounts[a]}' is not a 12-digit AWS account id");
                }
            }

            if (route.QuietHours is { } quiet)
            {
                try
                {
                    TimeZoneInfo.FindSystemTimeZoneById(quiet.TimeZone);
                }
                catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    throw new PolicyException($"{at}.quietHours.timeZone '{quiet.TimeZone}' is not a known time zone (use an IANA id such as Europe/Berlin)", ex);
                }

                int start = ParseTime(quiet.Start, $"{at}.quietHours.start");
                int end = ParseTime(quiet.End, $"{at}.quietHours.end");
                if (start >= end)
                {
                    throw new PolicyException($"{at}.quietHours: start {quiet.Start} must be before end {quiet.End}");
                }
            }
        }

        return set;
    }

    private static int ParseTime(string text, string field)
    {
        try
        {
            return PolicyDocument.ParseTime(text, field);
        }
        catch (PolicyException ex)
        {
            throw new PolicyException(ex.Message.Replace("(UTC)", "(local time of timeZone)", StringComparison.Ordinal), ex);
        }
    }

    private static void CheckChannels(List<string> channels, string field, IReadOnlyCollection<string>? knownChannels)
    {
        for (int c = 0; c < channels.Count; c++)
        {
            if (knownChannels is not null && !knownChannels.Contains(channels[c], StringComparer.OrdinalIgnoreCase))
            {
                throw new PolicyException($"{field}[{c}] '{channels[c]}' is not a configured channel (configured: {string.Join(", ", knownChannels)})");
            }
        }
    }
}
