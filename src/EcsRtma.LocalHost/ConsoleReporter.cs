namespace EcsRtma.LocalHost;

/// <summary>Writes the local run's story to the terminal, one line per thing that happened.</summary>
public sealed class ConsoleReporter
{
    private readonly Lock _lock = new();

    public void Line(string tag, string message, ConsoleColor color = ConsoleColor.Gray)
    {
        lock (_lock)
        {
            Console.ForegroundColor = color;
            Console.Write($"{DateTime.Now:HH:mm:ss} {tag,-9} ");
            Console.ResetColor();
            Console.WriteLine(message);
        }
    }
}
