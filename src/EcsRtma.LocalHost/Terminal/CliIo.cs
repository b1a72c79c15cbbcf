namespace EcsRtma.LocalHost.Terminal;

/// <summary>Where a command reads and writes: the process's own streams, or a test's.</summary>
public sealed record CliIo(Stream Input, Stream Output, TextWriter Error, bool ErrorIsTerminal = false)
{
    public static CliIo Standard() => new(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, !Console.IsErrorRedirected);
}
