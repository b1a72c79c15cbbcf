using EcsRtma.Detection.Sigma;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Cli;

/// <summary>
/// <c>ecs-rtma rules list|test [--rules PATH]...</c>: the Sigma rules EcsRtma would run — the shipped
/// container-escape baseline and the user's, from files or folders (searched recursively) — listed, or
/// each held to its cases (<c>&lt;rule&gt;.cases.json</c> beside it). A rule that breaks the specification is
/// one line naming its file, rule and field (exit 1); a rule for another log source is skipped with one warning.
/// </summary>
public static class RulesCommand
{
    public static async Task<int> ListAsync(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (await LoadAsync(paths, error) is not { } rules)
        {
            return CommandLineRunner.Failed;
        }

        await output.WriteLineAsync($"{"id",-36}  {"level",-13}  {"title",-70}  source");
        foreach ((SigmaRule rule, _) in rules)
        {
            await output.WriteLineAsync($"{rule.Id ?? "-",-36}  {rule.Level ?? "medium",-13}  {Cut(rule.Title, 70),-70}  {rule.Source}");
        }

        await output.WriteLineAsync($"{rules.Count} rule(s)");
        return 0;
    }

    public static async Task<int> TestAsync(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (await LoadAsync(paths, error) is not { } rules)
        {
            return CommandLineRunner.Failed;
        }

        int failed = 0, untested = 0;
        foreach ((SigmaRule rule, string? cases) in rules)
        {
            if (cases is null)
            {
                untested++;
                await output.WriteLineAsync($"untested  {rule.Title} ({rule.Source}): no {Path.GetFileName(SigmaRuleCases.PathFor(rule.Source))} beside it");
                continue;
            }

            IReadOnlyList<string> problems = SigmaRuleCases.Check(rule, cases);
            if (problems.Count == 0)
            {
                await output.WriteLineAsync($"ok        {rule.Title} ({rule.Source})");
                continue;
            }

            failed++;
            await output.WriteLineAsync($"FAILED    {rule.Title} ({rule.Source})");
            foreach (string problem in problems)
            {
                await output.WriteLineAsync($"          {problem}");
            }
        }

        await output.WriteLineAsync($"{rules.Count} rule(s): {rules.Count - failed - untested} passed, {failed} failed, {untested} without cases");
        return failed == 0 ? 0 : CommandLineRunner.Failed;
    }

    /// <summary>The built-in rules and the user's, with their cases' text (null when a user's rule has none); null when a rule is refused (said on <paramref name="error"/>).</summary>
    private static async Task<List<(SigmaRule Rule, string? Cases)>?> LoadAsync(IReadOnlyList<string> paths, TextWriter error)
    {
        var rules = new List<(SigmaRule, string?)>(SigmaRuleSet.BuiltInWithCases.Select(r => (r.Rule, (string?)r.Cases)));
        foreach (string path in paths)
        {
            IReadOnlyList<SigmaRule> loaded;
            try
            {
                loaded = SigmaRuleLoader.LoadPath(path);
            }
            catch (SigmaRuleException ex)
            {
                await error.WriteLineAsync($"ecs-rtma rules: {ex.Message}");
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"ecs-rtma rules: {path}: {ex.Message}");
                return null;
            }

            foreach (SigmaRule rule in loaded)
            {
                if (!rule.ForCloudTrail)
                {
                    await error.WriteLineAsync($"ecs-rtma rules: skipped '{rule.Title}' ({rule.Source}): its logsource is product={rule.Product ?? "-"}, service={rule.Service ?? "-"}, not aws/cloudtrail");
                    continue;
                }

                string casesPath = SigmaRuleCases.PathFor(rule.Source);
                rules.Add((rule, File.Exists(casesPath) ? await File.ReadAllTextAsync(casesPath) : null));
            }
        }

        return rules;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
