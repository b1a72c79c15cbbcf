using Xunit;

namespace EcsRtma.Testing;

/// <summary>
/// The team's reference material in ../shared (genuine CloudTrail records, vendor contracts).
/// It is read in place, never copied. Where it is absent (a user's clone) tests that need it skip, saying why.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string? Directory => Root.Value;

    /// <summary>The full path of a file under ../shared, or a skip with the reason.</summary>
    public static string RequireFile(string relativePath)
    {
        Skip.If(Root.Value is null, "../shared (the team's reference data) is not present next to this checkout; set ECSRTMA_SHARED_DIR to run this test");
        string path = Path.Combine(Root.Value!, relativePath);
        Skip.IfNot(File.Exists(path), $"{relativePath} is not present in {Root.Value}");
        return path;
    }

    private static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("ECSRTMA_SHARED_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return System.IO.Directory.Exists(configured) ? configured : null;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsRtmaFunctions.sln")))
            {
                string candidate = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return System.IO.Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
