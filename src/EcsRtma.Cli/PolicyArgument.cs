using EcsRtma.Core.Policies;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;

namespace EcsRtma.Cli;

/// <summary>The <c>--policy F</c> argument shared by the commands: loaded and validated, or a one-line error.</summary>
public static class PolicyArgument
{
    /// <summary>The policy, or null after writing why it is invalid to <paramref name="stderr"/>.</summary>
    public static async Task<DetectionPolicy?> LoadAsync(string? path, string command, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return path is null ? DetectionPolicy.Empty : PolicyLoader.LoadFile(path, EcsActionCatalog.Default);
        }
        catch (PolicyException ex)
        {
            await stderr.WriteLineAsync($"ecs-rtma {command}: {ex.Message}");
            return null;
        }
    }
}
