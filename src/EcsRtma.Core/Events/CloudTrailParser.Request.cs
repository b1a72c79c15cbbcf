using System.Globalization;
using System.Text.Json;

namespace EcsRtma.Core.Events;

/// <summary>
/// requestParameters, read once: the names the pipeline keys on (cluster, service, task definition,
/// public IP) and the facts the detectors judge (<see cref="RequestFacts"/>). Property names are
/// compared after unescaping, so <c>"container\u004fverrides"</c> is read as what ECS reads.
/// </summary>
public static partial class CloudTrailParser
{
    /// <summary>Reads a requestParameters object on its own; null when it is not one JSON object.</summary>
    internal static RequestFacts? ReadRequestFacts(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var fields = new RecordFields();
            RequestFacts facts = ReadRequestParameters(ref reader, ref fields);
            return reader.Read() ? null : facts;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The reader is on requestParameters' StartObject and ends on its EndObject.</summary>
    private static RequestFacts ReadRequestParameters(ref Utf8JsonReader reader, ref RecordFields f)
    {
        var facts = new RequestFacts();
        TaskDefinitionFacts? td = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is(ref reader, "cluster"u8) || (f.Cluster is null && Is(ref reader, "clusterName"u8)))
            {
                f.Cluster = LastArnSegment(ReadOptional(ref reader)) ?? f.Cluster;
            }
            else if (Is(ref reader, "service"u8) || (f.Service is null && Is(ref reader, "serviceName"u8)))
            {
                f.Service = LastArnSegment(ReadOptional(ref reader)) ?? f.Service;
            }
            else if (Is(ref reader, "taskDefinition"u8) || (f.TaskDefinition is null && Is(ref reader, "family"u8)))
            {
                f.TaskDefinition = LastArnSegment(ReadOptional(ref reader)) ?? f.TaskDefinition;
            }
            else if (Is(ref reader, "networkConfiguration"u8))
            {
                f.AssignPublicIp = ReadAssignPublicIp(ref reader);
            }
            else if (Is(ref reader, "containerDefinitions"u8))
            {
                (td ??= new()).Containers = ReadContainers(ref reader);
            }
            else if (Is(ref reader, "networkMode"u8))
            {
                (td ??= new()).NetworkMode = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "pidMode"u8))
            {
                (td ??= new()).PidMode = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "ipcMode"u8))
            {
                (td ??= new()).IpcMode = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "executionRoleArn"u8))
            {
                (td ??= new()).ExecutionRoleArn = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "taskRoleArn"u8))
            {
                (td ??= new()).TaskRoleArn = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "cpu"u8))
            {
                (td ??= new()).Cpu = ReadCpu(ref reader);
            }
            else if (Is(ref reader, "volumes"u8))
            {
                (td ??= new()).EfsVolumes = ReadEfsVolumes(ref reader);
            }
            else if (Is(ref reader, "overrides"u8))
            {
                facts.ContainerOverrides = ReadContainerOverrides(ref reader);
            }
            else if (Is(ref reader, "container"u8))
            {
                facts.Container = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "command"u8))
            {
                facts.Command = ReadOptional(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (td is not null)
        {
            facts.TaskDefinition = td;
        }

        return facts;
    }

    /// <summary>overrides → containerOverrides; the reader is on "overrides" and ends on the last token of its value.</summary>
    private static IReadOnlyList<ContainerFacts> ReadContainerOverrides(ref Utf8JsonReader reader)
    {
        IReadOnlyList<ContainerFacts> result = [];
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return result;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is(ref reader, "containerOverrides"u8))
            {
                result = ReadContainers(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }

    /// <summary>An array of container objects; the reader is on the property name and ends on the value's last token.</summary>
    private static List<ContainerFacts> ReadContainers(ref Utf8JsonReader reader)
    {
        var containers = new List<ContainerFacts>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return containers;
        }

        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // An element that is not an object says nothing but keeps its position: findings name containers by index.
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                containers.Add(ReadContainer(ref reader, index));
            }
            else
            {
                reader.Skip();
            }

            index++;
        }

        return containers;
    }

    private static List<EfsVolumeFacts> ReadEfsVolumes(ref Utf8JsonReader reader)
    {
        var volumes = new List<EfsVolumeFacts>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return volumes;
        }

        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                string? name = null, transit = null;
                bool efs = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (Is(ref reader, "name"u8))
                    {
                        name = ReadOptional(ref reader);
                    }
                    else if (Is(ref reader, "efsVolumeConfiguration"u8))
                    {
                        reader.Read();
                        efs = reader.TokenType == JsonTokenType.StartObject;
                        transit = null;
                        if (!efs)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (Is(ref reader, "transitEncryption"u8))
                            {
                                transit = ReadOptional(ref reader);
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                if (efs)
                {
                    volumes.Add(new EfsVolumeFacts(index, name, transit));
                }
            }
            else
            {
                reader.Skip();
            }

            index++;
        }

        return volumes;
    }

    /// <summary>CPU units come as numbers or, at task level, as text ("1024", "1 vCPU"); 0 when unreadable.</summary>
    private static int ReadCpu(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out int n) ? n : 0;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return 0;
        }

        string text = reader.GetString()!.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int units))
        {
            return units;
        }

        return text.EndsWith("vcpu", StringComparison.OrdinalIgnoreCase) && double.TryParse(text[..^4].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double vcpu) && double.IsFinite(vcpu)
            ? (int)Math.Clamp(vcpu * 1024, int.MinValue, int.MaxValue)
            : 0;
    }
}
