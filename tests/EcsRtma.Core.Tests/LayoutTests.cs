using System.Text.RegularExpressions;
using System.Xml.Linq;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

/// <summary>
/// The house plan (docs/ARCHITECTURE.md, ADR 0011) as checks: which project may reference which,
/// namespaces that follow folders, one public type per file named after it, one Log.cs per project.
/// </summary>
public sealed partial class LayoutTests
{
    /// <summary>Every project under src/ and bench/, and exactly the projects it may reference.</summary>
    private static readonly string[] Roots = ["src", "bench"];

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["EcsRtma.Core"] = [],
        ["EcsRtma.Detection"] = ["EcsRtma.Core"],
        ["EcsRtma.Workflow"] = ["EcsRtma.Core", "EcsRtma.Detection"],
        ["EcsRtma.Ingestion"] = ["EcsRtma.Workflow"],
        ["EcsRtma.Channels"] = ["EcsRtma.Core"],
        ["EcsRtma.Infrastructure"] = ["EcsRtma.Core"],
        ["EcsRtma.Http"] = ["EcsRtma.Workflow", "EcsRtma.Infrastructure", "EcsRtma.Channels"],
        ["EcsRtma.Functions"] = ["EcsRtma.Ingestion", "EcsRtma.Channels", "EcsRtma.Infrastructure", "EcsRtma.Http"],
        ["EcsRtma.LocalHost"] = ["EcsRtma.Ingestion", "EcsRtma.Channels", "EcsRtma.Infrastructure", "EcsRtma.Http"],
        ["EcsRtma.Cli"] = ["EcsRtma.LocalHost"],
        ["EcsRtma.Load"] = ["EcsRtma.LocalHost"],
        ["EcsRtma.Benchmarks"] = ["EcsRtma.Cli", "EcsRtma.Load"],
    };

    public static TheoryData<string> Projects() => [.. ProjectFiles().Select(p => Path.GetFileNameWithoutExtension(p))];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOnlyWhatTheLayoutAllows(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out string[]? allowed), $"{project} is not in the layout: add it to LayoutTests.Allowed and docs/ARCHITECTURE.md");
        string file = ProjectFiles().Single(p => Path.GetFileNameWithoutExtension(p) == project);
        string[] references = [.. XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal)];
        Assert.Equal(allowed!.Order(StringComparer.Ordinal), references);
    }

    [Fact]
    public void EverySourceFile_DeclaresTheNamespaceOfItsFolder_AndOnePublicTypeNamedAfterIt()
    {
        var problems = new List<string>();
        foreach (string project in ProjectFiles())
        {
            string dir = Path.GetDirectoryName(project)!;
            string root = Path.GetFileNameWithoutExtension(project);
            foreach (string file in SourceFiles(dir))
            {
                string text = File.ReadAllText(file);
                string relative = Path.GetRelativePath(dir, Path.GetDirectoryName(file)!);
                string expected = relative == "." ? root : root + "." + relative.Replace(Path.DirectorySeparatorChar, '.');
                string shown = Path.GetRelativePath(RepoPaths.Root, file);
                if (Namespace().Match(text) is { Success: true } ns && ns.Groups[1].Value != expected)
                {
                    problems.Add($"{shown}: namespace {ns.Groups[1].Value}, expected {expected}");
                }

                string[] types = [.. PublicType().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)]; // Foo<T> and its static Foo may share a file
                string name = Path.GetFileNameWithoutExtension(file).Split('.')[0];
                if (types.Length > 1 || (types.Length == 1 && types[0] != name))
                {
                    problems.Add($"{shown}: public types {string.Join(", ", types)}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void LogMessages_LiveInOneLogFilePerProject_WithItsOwnEventIds()
    {
        var owners = new Dictionary<int, string>();
        foreach (string project in ProjectFiles())
        {
            string dir = Path.GetDirectoryName(project)!;
            foreach (string file in SourceFiles(dir))
            {
                string text = File.ReadAllText(file);
                bool logs = text.Contains("[LoggerMessage(", StringComparison.Ordinal) || text.Contains("LoggerMessage.Define", StringComparison.Ordinal);
                Assert.False(logs && Path.GetRelativePath(dir, file) != "Log.cs", $"{Path.GetRelativePath(RepoPaths.Root, file)} declares log messages; they belong in {Path.GetFileName(dir)}/Log.cs");
                foreach (Match id in EventId().Matches(text))
                {
                    int value = int.Parse(id.Groups[1].Value.Length > 0 ? id.Groups[1].Value : id.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(owners.TryAdd(value, Path.GetFileName(dir)) || owners[value] == Path.GetFileName(dir), $"event id {value} is used by {owners.GetValueOrDefault(value)} and {Path.GetFileName(dir)}");
                }
            }
        }

        Assert.NotEmpty(owners);
    }

    private static IEnumerable<string> ProjectFiles() =>
        Roots.SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> SourceFiles(string projectDir) =>
        Directory.EnumerateFiles(projectDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(projectDir, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^public\s+(?:(?:static|sealed|abstract|partial|readonly)\s+)*(?:class|record struct|record|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicType();

    [GeneratedRegex(@"EventId = (\d+)|new EventId\((\d+)")]
    private static partial Regex EventId();
}
