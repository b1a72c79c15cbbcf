using System.Diagnostics;
using EcsRtma.Testing;

namespace EcsRtma.Integration.Tests;

/// <summary>
/// Endpoints of the emulators the suite runs against. `scripts/test.sh` starts them and exports
/// ECSRTMA_STORAGE_CONNECTION and ECSRTMA_SQS_SERVICE_URL; a plain `dotnet test` starts them here
/// through scripts/emulators.sh (test profile) and stops them when the run ends.
/// </summary>
public static class Emulators
{
    private static readonly Lazy<(string Storage, Uri Sqs)> Endpoints = new(Resolve);

    public static string StorageConnectionString => Endpoints.Value.Storage;

    public static Uri SqsServiceUrl => Endpoints.Value.Sqs;

    private static (string, Uri) Resolve()
    {
        string? storage = Environment.GetEnvironmentVariable("ECSRTMA_STORAGE_CONNECTION");
        string? sqs = Environment.GetEnvironmentVariable("ECSRTMA_SQS_SERVICE_URL");
        if (!string.IsNullOrEmpty(storage) && !string.IsNullOrEmpty(sqs))
        {
            return (storage, new Uri(sqs));
        }

        (string Storage, Uri Sqs) started = Start("test");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Script("stop", "test");
        return started;
    }

    /// <summary>Starts a profile's emulators and returns their endpoints (from <c>scripts/emulators.sh env</c>).</summary>
    public static (string Storage, Uri Sqs) Start(string profile)
    {
        Script("start", profile);
        string storage = string.Empty, sqs = string.Empty;
        foreach (string line in Script("env", profile).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string assignment = line["export ".Length..];
            string value = assignment[(assignment.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('\'');
            if (assignment.StartsWith("ECSRTMA_STORAGE_CONNECTION", StringComparison.Ordinal))
            {
                storage = value;
            }
            else if (assignment.StartsWith("ECSRTMA_SQS_SERVICE_URL", StringComparison.Ordinal))
            {
                sqs = value;
            }
        }

        return (storage, new Uri(sqs));
    }

    /// <summary>Runs scripts/emulators.sh with the arguments; its output, or an exception naming its error.</summary>
    public static string Script(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "emulators.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/emulators.sh {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }

        return output;
    }
}
