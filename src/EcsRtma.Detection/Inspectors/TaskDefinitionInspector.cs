using System.Globalization;
using System.Text.Json;
using EcsRtma.Core;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;
using EcsRtma.Detection.Policy;

namespace EcsRtma.Detection.Inspectors;

/// <summary>
/// Inspects a task definition (RegisterTaskDefinition / RegisterDaemonTaskDefinition request, ECS
/// API shape) and task overrides (RunTask / StartTask) for the settings peers flag: privileged
/// containers, host namespaces, root users, plaintext secrets, capabilities, logging, memory,
/// encryption, the credentials endpoint and cryptomining-shaped tasks. Each finding names the
/// container and the field. Pure and allocation-light; never throws on odd input.
/// </summary>
public sealed class TaskDefinitionInspector(DetectionPolicy policy)
{
    private static readonly HashSet<string> DangerousCapabilities = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "SYS_RAWIO", "BPF", "PERFMON",
    };

    private const int LargeCpuUnits = 4096;

    public IReadOnlyList<Finding> InspectTaskDefinition(JsonElement td)
    {
        var findings = new List<Finding>();
        if (td.ValueKind != JsonValueKind.Object)
        {
            return findings;
        }

        string? networkMode = Str(td, "networkMode");
        if (Str(td, "pidMode") == "host")
        {
            findings.Add(F(FindingIds.HostPidNamespace, Severity.High, null, "pidMode", "the task shares the host's process namespace (pidMode: host): its containers can see and signal every process on the host"));
        }

        if (Str(td, "ipcMode") == "host")
        {
            findings.Add(F(FindingIds.HostIpcNamespace, Severity.Medium, null, "ipcMode", "the task shares the host's IPC namespace (ipcMode: host)"));
        }

        if (networkMode != "awsvpc")
        {
            findings.Add(F(FindingIds.NetworkModeNotAwsvpc, Severity.Info, null, "networkMode", $"network mode is {networkMode ?? "not set (bridge on EC2)"}, not awsvpc: tasks do not get their own security group"));
        }

        if (Str(td, "executionRoleArn") is { } executionRole && executionRole == Str(td, "taskRoleArn"))
        {
            findings.Add(F(FindingIds.SameTaskAndExecutionRole, Severity.Low, null, "taskRoleArn", "the task role and the execution role are the same: the application gets the agent's permissions (image pull, secrets)"));
        }

        if (td.TryGetProperty("volumes", out JsonElement volumes) && volumes.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (JsonElement volume in volumes.EnumerateArray())
            {
                if (volume.ValueKind == JsonValueKind.Object && volume.TryGetProperty("efsVolumeConfiguration", out JsonElement efs) && efs.ValueKind == JsonValueKind.Object
                    && Str(efs, "transitEncryption") != "ENABLED")
                {
                    findings.Add(F(FindingIds.EfsTransitEncryptionDisabled, Severity.Medium, null, $"volumes[{i}].efsVolumeConfiguration.transitEncryption",
                        $"EFS volume {Quote(Str(volume, "name")) ?? i.ToString(CultureInfo.InvariantCulture)} is mounted without encryption in transit"));
                }

                i++;
            }
        }

        int taskCpu = Int(td, "cpu");
        if (td.TryGetProperty("containerDefinitions", out JsonElement containers) && containers.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement c in containers.EnumerateArray())
            {
                if (c.ValueKind == JsonValueKind.Object)
                {
                    InspectContainer(c, index, networkMode, taskCpu, findings);
                }

                index++;
            }
        }

        return findings;
    }

    /// <summary>RunTask/StartTask <c>overrides.containerOverrides</c>: commands and environment set at launch.</summary>
    public IReadOnlyList<Finding> InspectOverrides(JsonElement requestParameters)
    {
        var findings = new List<Finding>();
        if (requestParameters.ValueKind != JsonValueKind.Object
            || !requestParameters.TryGetProperty("overrides", out JsonElement overrides) || overrides.ValueKind != JsonValueKind.Object
            || !overrides.TryGetProperty("containerOverrides", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return findings;
        }

        int index = 0;
        foreach (JsonElement o in list.EnumerateArray())
        {
            if (o.ValueKind == JsonValueKind.Object)
            {
                string name = Quote(Str(o, "name")) ?? $"containerOverrides[{index}]";
                CheckCommand(o, name, $"overrides.containerOverrides[{index}]", findings);
                CheckEnvironment(o, name, $"overrides.containerOverrides[{index}]", findings);
            }

            index++;
        }

        return findings;
    }

    private void InspectContainer(JsonElement c, int index, string? networkMode, int taskCpu, List<Finding> findings)
    {
        string name = Quote(Str(c, "name")) ?? $"containerDefinitions[{index}]";
        string at = $"containerDefinitions[{index}]";
        bool privileged = Bool(c, "privileged") == true;
        string? user = Str(c, "user");
        bool rootUser = IsRoot(user);

        if (privileged)
        {
            findings.Add(F(FindingIds.PrivilegedContainer, Severity.High, name, $"{at}.privileged", $"container {name} is privileged: it has root on the host"));
        }

        if (networkMode == "host" && rootUser && !privileged)
        {
            findings.Add(F(FindingIds.HostNetworkRootUser, Severity.High, name, $"{at}.user",
                $"container {name} uses the host network as {(user is null ? "the default (root) user" : $"user {user}")}: it can bind host ports and sniff host traffic"));
        }

        if (rootUser)
        {
            findings.Add(F(FindingIds.RootUser, Severity.Low, name, $"{at}.user", $"container {name} runs as {(user is null ? "root (no user set)" : $"root ({user})")}"));
        }

        if (Bool(c, "readonlyRootFilesystem") != true)
        {
            findings.Add(F(FindingIds.WritableRootFilesystem, Severity.Low, name, $"{at}.readonlyRootFilesystem", $"container {name} can write to its root filesystem"));
        }

        if (!c.TryGetProperty("logConfiguration", out JsonElement logs) || logs.ValueKind != JsonValueKind.Object)
        {
            findings.Add(F(FindingIds.NoLogConfiguration, Severity.Low, name, $"{at}.logConfiguration", $"container {name} has no log configuration: its output is lost"));
        }
        else if (!(logs.TryGetProperty("options", out JsonElement options) && options.ValueKind == JsonValueKind.Object && Str(options, "mode") == "non-blocking"))
        {
            findings.Add(F(FindingIds.BlockingLogMode, Severity.Info, name, $"{at}.logConfiguration.options.mode", $"container {name} logs in blocking mode: a slow log destination stalls the application"));
        }

        if (!c.TryGetProperty("memory", out JsonElement memory) || memory.ValueKind != JsonValueKind.Number || memory.GetDouble() < 4)
        {
            findings.Add(F(FindingIds.NoMemoryHardLimit, Severity.Low, name, $"{at}.memory", $"container {name} has no usable hard memory limit (memory ≥ 4 MiB)"));
        }

        if (!c.TryGetProperty("healthCheck", out JsonElement health) || health.ValueKind != JsonValueKind.Object)
        {
            findings.Add(F(FindingIds.NoHealthCheck, Severity.Info, name, $"{at}.healthCheck", $"container {name} has no health check"));
        }

        if (c.TryGetProperty("linuxParameters", out JsonElement linux) && linux.ValueKind == JsonValueKind.Object
            && linux.TryGetProperty("capabilities", out JsonElement caps) && caps.ValueKind == JsonValueKind.Object
            && caps.TryGetProperty("add", out JsonElement add) && add.ValueKind == JsonValueKind.Array)
        {
            string[] added = [.. add.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            string[] dangerous = [.. added.Where(DangerousCapabilities.Contains)];
            if (added.Length > 0)
            {
                findings.Add(F(FindingIds.AddedCapabilities, dangerous.Length > 0 ? Severity.High : Severity.Low, name, $"{at}.linuxParameters.capabilities.add",
                    $"container {name} adds Linux capabilities {string.Join(", ", (dangerous.Length > 0 ? dangerous : added).Take(Limits.FoldedNamesListed).Select(Quote))}{(dangerous.Length > 0 ? " (host-level power)" : string.Empty)}"));
            }
        }

        CheckCommand(c, name, at, findings);
        CheckEnvironment(c, name, at, findings);

        int cpu = Math.Max(taskCpu, Int(c, "cpu"));
        string? image = Str(c, "image");
        if (cpu >= LargeCpuUnits && image is not null && !IsEcrImage(image))
        {
            findings.Add(F(FindingIds.CryptominingShape, Severity.Medium, name, $"{at}.image",
                $"container {name} runs a non-ECR image ({Truncate(image)}) with {cpu} CPU units: the shape of a cryptomining task"));
        }
    }

    private static void CheckCommand(JsonElement c, string name, string at, List<Finding> findings)
    {
        foreach (string field in (ReadOnlySpan<string>)["command", "entryPoint"])
        {
            if (c.TryGetProperty(field, out JsonElement parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement part in parts.EnumerateArray())
                {
                    string? text = part.ValueKind == JsonValueKind.String ? part.GetString() : null;
                    if (text is not null && (text.Contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", StringComparison.Ordinal) || text.Contains("169.254.170.2", StringComparison.Ordinal)))
                    {
                        findings.Add(F(FindingIds.CredentialsEndpointCommand, Severity.High, name, $"{at}.{field}",
                            $"container {name}'s {field} reads the task credentials endpoint ($AWS_CONTAINER_CREDENTIALS_RELATIVE_URI): a known way to steal the task role's keys"));
                        return;
                    }
                }
            }
        }
    }

    private void CheckEnvironment(JsonElement c, string name, string at, List<Finding> findings)
    {
        if (!c.TryGetProperty("environment", out JsonElement env) || env.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        int i = 0;
        foreach (JsonElement pair in env.EnumerateArray())
        {
            if (pair.ValueKind == JsonValueKind.Object && Str(pair, "name") is { } variable)
            {
                string? why = SecretDetector.Classify(variable, Str(pair, "value"), policy.SecretEnvironmentNames);
                if (why is not null)
                {
                    Severity severity = variable.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || why.Contains("AWS access key", StringComparison.Ordinal) ? Severity.Critical : Severity.High;
                    string shown = Quote(variable)!;
                    findings.Add(F(FindingIds.PlaintextSecretEnvironment, severity, name, $"{at}.environment[{i}]",
                        $"container {name} passes {shown} as a plain environment variable ({UntrustedText.Bound(why, 200)}); use secrets with Secrets Manager or SSM") with { Subject = shown });
                }
            }

            i++;
        }
    }

    private static bool IsRoot(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return true;
        }

        string account = user.Split(':', 2)[0];
        return account is "root" or "0";
    }

    private static bool IsEcrImage(string image) =>
        image.Contains(".dkr.ecr.", StringComparison.Ordinal) || image.StartsWith("public.ecr.aws/", StringComparison.Ordinal);

    private static Finding F(string id, Severity severity, string? container, string field, string message) => new(id, severity, container, field, message);

    /// <summary>A name from the request as quoted in a finding: cleaned and bounded (Limits.QuotedNameChars).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Quote(string? value) => UntrustedText.Bound(value, Limits.QuotedNameChars);

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static bool? Bool(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement e) ? e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => bool.TryParse(e.GetString(), out bool b) ? b : null,
            _ => null,
        } : null;

    /// <summary>CPU and memory come as numbers or, at task level, as strings ("1024", "1 vCPU").</summary>
    private static int Int(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out JsonElement e))
        {
            return 0;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n))
        {
            return n;
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            string text = e.GetString()!.Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int units))
            {
                return units;
            }

            if (text.EndsWith("vcpu", StringComparison.OrdinalIgnoreCase) && double.TryParse(text[..^4].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double vcpu))
            {
                return (int)(vcpu * 1024);
            }
        }

        return 0;
    }

    private static string Truncate(string value) => value.Length <= 120 ? value : string.Concat(value.AsSpan(0, 120), "…");
}
