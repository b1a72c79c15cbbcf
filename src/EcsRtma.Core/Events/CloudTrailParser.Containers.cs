using System.Text.Json;

namespace EcsRtma.Core.Events;

/// <summary>One container definition or override, read in the parser's pass (<see cref="ContainerFacts"/>).</summary>
public static partial class CloudTrailParser
{
    private const string CredentialsVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    private const string CredentialsAddress = "169.254.170.2";

    private static ContainerFacts ReadContainer(ref Utf8JsonReader reader, int index)
    {
        var c = new ContainerFacts { Index = index };
        bool commandHit = false, entryPointHit = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is(ref reader, "name"u8))
            {
                c.Name = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "image"u8))
            {
                c.Image = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "user"u8))
            {
                c.User = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "privileged"u8))
            {
                c.Privileged = ReadBool(ref reader);
            }
            else if (Is(ref reader, "readonlyRootFilesystem"u8))
            {
                c.ReadonlyRootFilesystem = ReadBool(ref reader);
            }
            else if (Is(ref reader, "logConfiguration"u8))
            {
                reader.Read();
                c.HasLogConfiguration = reader.TokenType == JsonTokenType.StartObject;
                c.LogMode = c.HasLogConfiguration ? ReadLogMode(ref reader) : null;
                if (!c.HasLogConfiguration)
                {
                    reader.Skip();
                }
            }
            else if (Is(ref reader, "memory"u8))
            {
                reader.Read();
                c.Memory = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double memory) && double.IsFinite(memory) ? memory : null;
                reader.Skip();
            }
            else if (Is(ref reader, "healthCheck"u8))
            {
                reader.Read();
                c.HasHealthCheck = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
            }
            else if (Is(ref reader, "cpu"u8))
            {
                c.Cpu = ReadCpu(ref reader);
            }
            else if (Is(ref reader, "linuxParameters"u8))
            {
                c.AddedCapabilities = ReadAddedCapabilities(ref reader);
            }
            else if (Is(ref reader, "command"u8))
            {
                commandHit = ReadsCredentialsEndpoint(ref reader);
            }
            else if (Is(ref reader, "entryPoint"u8))
            {
                entryPointHit = ReadsCredentialsEndpoint(ref reader);
            }
            else if (Is(ref reader, "environment"u8))
            {
                c.Environment = ReadEnvironment(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        c.CredentialsEndpointIn = commandHit ? "command" : entryPointHit ? "entryPoint" : null;
        return c;
    }

    /// <summary>logConfiguration (reader on its StartObject, ends on its EndObject) → options.mode.</summary>
    private static string? ReadLogMode(ref Utf8JsonReader reader)
    {
        string? mode = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!Is(ref reader, "options"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            mode = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (Is(ref reader, "mode"u8))
                {
                    mode = ReadOptional(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return mode;
    }

    /// <summary>linuxParameters → capabilities → add (strings); null when there is no such array.</summary>
    private static List<string>? ReadAddedCapabilities(ref Utf8JsonReader reader)
    {
        List<string>? added = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!Is(ref reader, "capabilities"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            added = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!Is(ref reader, "add"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    added = null;
                    reader.Skip();
                    continue;
                }

                added = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        added.Add(reader.GetString()!);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }

        return added;
    }

    /// <summary>True when a string part of a command array names the task credentials endpoint.</summary>
    private static bool ReadsCredentialsEndpoint(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        bool hit = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            if (!hit)
            {
                hit = reader.ValueIsEscaped || reader.HasValueSequence
                    ? reader.GetString() is { } text && (text.Contains(CredentialsVariable, StringComparison.Ordinal) || text.Contains(CredentialsAddress, StringComparison.Ordinal))
                    : reader.ValueSpan.IndexOf("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"u8) >= 0 || reader.ValueSpan.IndexOf("169.254.170.2"u8) >= 0;
            }
        }

        return hit;
    }

    private static List<EnvironmentVariable> ReadEnvironment(ref Utf8JsonReader reader)
    {
        var variables = new List<EnvironmentVariable>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return variables;
        }

        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                string? name = null, value = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (Is(ref reader, "name"u8))
                    {
                        name = ReadOptional(ref reader);
                    }
                    else if (Is(ref reader, "value"u8))
                    {
                        value = ReadOptional(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                if (name is not null)
                {
                    variables.Add(new EnvironmentVariable(index, name, value));
                }
            }
            else
            {
                reader.Skip();
            }

            index++;
        }

        return variables;
    }
}
