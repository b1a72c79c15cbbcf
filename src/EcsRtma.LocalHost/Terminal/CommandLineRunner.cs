using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Net.Sockets;

namespace EcsRtma.LocalHost.Terminal;

/// <summary>
/// How both executables (<c>ecs-rtma</c> and the load harness <c>ecs-rtma-load</c>) run a
/// System.CommandLine tree: usage errors in one line each plus where to find help, a missing
/// emulator or service said in one line, any other failure as its type and message (the stack trace
/// only with <c>ECSRTMA_DEBUG=1</c>). Exit codes: 0 done; 1 failed; 2 usage error; 130 interrupted;
/// a command may return its own (the load harness: 3 when events were lost or duplicated).
/// </summary>
public static class CommandLineRunner
{
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string program, RootCommand root, string[] args, CliIo io, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(io);
        ParseResult parsed = root.Parse(args);
        string command = parsed.CommandResult.Command is RootCommand ? program : $"{program} {parsed.CommandResult.Command.Name}";
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (ParseError error in parsed.Errors)
            {
                await io.Error.WriteLineAsync($"{command}: {error.Message}");
            }

            await io.Error.WriteLineAsync($"Run '{command} --help' for usage.");
            return Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (Unreachable(ex) is { } what)
        {
            await io.Error.WriteLineAsync($"{command}: cannot reach {what}. Start the local emulators with 'scripts/emulators.sh start dev' (or check the settings).");
            return Failed;
        }
        catch (InvalidDataException ex)
        {
            // A settings file the command reads is missing or malformed: the message names the file and the setting.
            await io.Error.WriteLineAsync($"{command}: {ex.Message}");
            return Failed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Environment.GetEnvironmentVariable("ECSRTMA_DEBUG") is null)
        {
            await io.Error.WriteLineAsync($"{command}: {ex.GetType().Name}: {ex.Message} (set ECSRTMA_DEBUG=1 for the stack trace)");
            return Failed;
        }
    }

    /// <summary>An option that takes a whole number from 1, with a default.</summary>
    public static Option<int> Positive(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"{name} must be a whole number from 1");
            }
        });
        return option;
    }

    /// <summary>
    /// A token that looks like an option but is none of the command's (<c>--ecs-onl</c>) is a usage
    /// error naming it, not a file that cannot be read: System.CommandLine hands such tokens to a
    /// command's file arguments. A file that exists is still a file, whatever its name; any other
    /// can be given as <c>./-name</c>.
    /// </summary>
    public static void RefuseUnknownOptions(Command command, Argument<string[]> files)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(files);
        files.Validators.Add(r =>
        {
            foreach (string value in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (value.Length > 1 && value[0] == '-' && !File.Exists(value) && !Directory.Exists(value))
                {
                    string? near = command.Options.Select(o => o.Name).FirstOrDefault(n => n.StartsWith(value, StringComparison.Ordinal) || value.StartsWith(n, StringComparison.Ordinal));
                    r.AddError($"unknown option '{value}'{(near is null ? string.Empty : $" (did you mean {near}?)")}; a file whose name starts with '-' can be given as ./{value}");
                }
            }
        });
    }

    /// <summary>Progress on standard error, only when it is a terminal (never mixed into piped output).</summary>
    public static Progress<long>? Progress(CliIo io, string verb, string unit)
    {
        ArgumentNullException.ThrowIfNull(io);
        return io.ErrorIsTerminal ? new Progress<long>(n => io.Error.WriteLine($"{verb} {n:N0} {unit}…")) : null;
    }

    /// <summary>What could not be reached, when the failure is a missing emulator or service.</summary>
    private static string? Unreachable(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException http when http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError:
                    return $"a service ({http.Message})";
                case SocketException socket:
                    return $"a service ({socket.Message})";
                case Azure.RequestFailedException { Status: 0 } azure:
                    return $"Azure Storage ({azure.Message.Split('\n')[0]})";
                case Amazon.Runtime.AmazonServiceException aws when aws.InnerException is HttpRequestException or SocketException:
                    return $"SQS ({aws.Message})";
            }
        }

        return null;
    }
}
