using System.Globalization;
using EcsRtma.Core;
using EcsRtma.Core.Events;
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

    public IReadOnlyList<Finding> InspectTaskDefinition(TaskDefinitionFacts td)
    {
        ArgumentNullException.ThrowIfNull(td);
        var findings = new List<Finding>();
        string? networkMode = td.NetworkMode;
        if (td.PidMode == "host")
        {
            findings.Add(F(FindingIds.HostPidNamespace, Severity.High, null, "pidMode", "the task shares the host's process namespace (pidMode: host): its containers can see and signal every process on the host"));
        }

        if (td.IpcMode == "host")
        {
            findings.Add(F(FindingIds.HostIpcNamespace, Severity.Medium, null, "ipcMode", "the task shares the host's IPC namespace (ipcMode: host)"));
        }

        if (networkMode != "awsvpc")
        {
            findings.Add(F(FindingIds.NetworkModeNotAwsvpc, Severity.Info, null, "networkMode", $"network mode is {Quote(networkMode) ?? "not set (bridge on EC2)"}, not awsvpc: tasks do not get their own security group"));
        }

        if (td.ExecutionRoleArn is { } executionRole && executionRole == td.TaskRoleArn)
        {
            findings.Add(F(FindingIds.SameTaskAndExecutionRole, Severity.Low, null, "taskRoleArn", "the task role and the execution role are the same: the application gets the agent's permissions (image pull, secrets)"));
        }

        foreach (EfsVolumeFacts volume in td.EfsVolumes)
        {
            if (volume.TransitEncryption != "ENABLED")
            {
                findings.Add(F(FindingIds.EfsTransitEncryptionDisabled, Severity.Medium, null, $"volumes[{volume.Index}].efsVolumeConfiguration.transitEncryption",
                    $"EFS volume {Quote(volume.Name) ?? volume.Index.ToString(CultureInfo.InvariantCulture)} is mounted without encryption in transit"));
            }
        }

        foreach (ContainerFacts c in td.Containers)
        {
            InspectContainer(c, networkMode, td.Cpu, findings);
        }

        return findings;
    }

    /// <summary>RunTask/StartTask <c>overrides.containerOverrides</c>: commands and environment set at launch.</summary>
    public IReadOnlyList<Finding> InspectOverrides(IReadOnlyList<ContainerFacts> containerOverrides)
    {
        ArgumentNullException.ThrowIfNull(containerOverrides);
        var findings = new List<Finding>();
        foreach (ContainerFacts o in containerOverrides)
        {
            string name = Quote(o.Name) ?? $"containerOverrides[{o.Index}]";
            string at = $"overrides.containerOverrides[{o.Index}]";
            CheckCommand(o, name, at, findings);
            CheckEnvironment(o, name, at, findings);
        }

        return findings;
    }

    private void InspectContainer(ContainerFacts c, string? networkMode, int taskCpu, List<Finding> findings)
    {
        string name = Quote(c.Name) ?? $"containerDefinitions[{c.Index}]";
        string at = $"containerDefinitions[{c.Index}]";
        bool privileged = c.Privileged == true;
        string? user = c.User;
        bool rootUser = IsRoot(user);

        if (privileged)
        {
            findings.Add(F(FindingIds.PrivilegedContainer, Severity.High, name, $"{at}.privileged", $"container {name} is privileged: it has root on the host"));
        }

        if (networkMode == "host" && rootUser && !privileged)
        {
            findings.Add(F(FindingIds.HostNetworkRootUser, Severity.High, name, $"{at}.user",
                $"container {name} uses the host network as {(user is null ? "the default (root) user" : $"user {Quote(user)}")}: it can bind host ports and sniff host traffic"));
        }

        if (rootUser)
        {
            findings.Add(F(FindingIds.RootUser, Severity.Low, name, $"{at}.user", $"container {name} runs as {(user is null ? "root (no user set)" : $"root ({Quote(user)})")}"));
        }

        if (c.ReadonlyRootFilesystem != true)
        {
            findings.Add(F(FindingIds.WritableRootFilesystem, Severity.Low, name, $"{at}.readonlyRootFilesystem", $"container {name} can write to its root filesystem"));
        }

        if (!c.HasLogConfiguration)
        {
            findings.Add(F(FindingIds.NoLogConfiguration, Severity.Low, name, $"{at}.logConfiguration", $"container {name} has no log configuration: its output is lost"));
        }
        else if (c.LogMode != "non-blocking")
        {
            findings.Add(F(FindingIds.BlockingLogMode, Severity.Info, name, $"{at}.logConfiguration.options.mode", $"container {name} logs in blocking mode: a slow log destination stalls the application"));
        }

        if (c.Memory is not >= 4)
        {
            findings.Add(F(FindingIds.NoMemoryHardLimit, Severity.Low, name, $"{at}.memory", $"container {name} has no usable hard memory limit (memory ≥ 4 MiB)"));
        }

        if (!c.HasHealthCheck)
        {
            findings.Add(F(FindingIds.NoHealthCheck, Severity.Info, name, $"{at}.healthCheck", $"container {name} has no health check"));
        }

        if (c.AddedCapabilities is { Count: > 0 } added)
        {
            string[] dangerous = [.. added.Where(DangerousCapabilities.Contains)];
            findings.Add(F(FindingIds.AddedCapabilities, dangerous.Length > 0 ? Severity.High : Severity.Low, name, $"{at}.linuxParameters.capabilities.add",
                $"container {name} adds Linux capabilities {string.Join(", ", (dangerous.Length > 0 ? dangerous : added).Take(Limits.FoldedNamesListed).Select(Quote))}{(dangerous.Length > 0 ? " (host-level power)" : string.Empty)}"));
        }

        CheckCommand(c, name, at, findings);
        CheckEnvironment(c, name, at, findings);

        int cpu = Math.Max(taskCpu, c.Cpu);
        if (cpu >= LargeCpuUnits && c.Image is { } image && !IsEcrImage(image))
        {
            findings.Add(F(FindingIds.CryptominingShape, Severity.Medium, name, $"{at}.image",
                $"container {name} runs a non-ECR image ({Truncate(image)}) with {cpu} CPU units: the shape of a cryptomining task"));
        }
    }

    private static void CheckCommand(ContainerFacts c, string name, string at, List<Finding> findings)
    {
        if (c.CredentialsEndpointIn is { } field)
        {
            findings.Add(F(FindingIds.CredentialsEndpointCommand, Severity.High, name, $"{at}.{field}",
                $"container {name}'s {field} reads the task credentials endpoint ($AWS_CONTAINER_CREDENTIALS_RELATIVE_URI): a known way to steal the task role's keys"));
        }
    }

    private void CheckEnvironment(ContainerFacts c, string name, string at, List<Finding> findings)
    {
        foreach (EnvironmentVariable variable in c.Environment)
        {
            string? why = SecretDetector.Classify(variable.Name, variable.Value, policy.SecretEnvironmentNames);
            if (why is not null)
            {
                Severity severity = variable.Name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || why.Contains("AWS access key", StringComparison.Ordinal) ? Severity.Critical : Severity.High;
                string shown = Quote(variable.Name);
                findings.Add(F(FindingIds.PlaintextSecretEnvironment, severity, name, $"{at}.environment[{variable.Index}]",
                    $"container {name} passes {shown} as a plain environment variable ({UntrustedText.Bound(why, 200)}); use secrets with Secrets Manager or SSM") with { Subject = shown });
            }
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

    private static string Truncate(string value) => value.Length <= 120 ? value : string.Concat(value.AsSpan(0, 120), "…");
}
