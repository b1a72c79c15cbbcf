namespace EcsRtma.Core.Findings;

/// <summary>Ids of every finding the engine can produce; stable, used in policies and alerts.</summary>
public static class FindingIds
{
    public const string PrivilegedContainer = "privileged-container";
    public const string HostNetworkRootUser = "host-network-root-user";
    public const string HostPidNamespace = "host-pid-namespace";
    public const string HostIpcNamespace = "host-ipc-namespace";
    public const string PlaintextSecretEnvironment = "plaintext-secret-environment";
    public const string AddedCapabilities = "added-linux-capabilities";
    public const string WritableRootFilesystem = "writable-root-filesystem";
    public const string NoLogConfiguration = "no-log-configuration";
    public const string BlockingLogMode = "blocking-log-mode";
    public const string CredentialsEndpointCommand = "credentials-endpoint-command";
    public const string CryptominingShape = "cryptomining-shape";
    public const string RootUser = "root-user";
    public const string NoMemoryHardLimit = "no-memory-hard-limit";
    public const string EfsTransitEncryptionDisabled = "efs-transit-encryption-disabled";
    public const string SameTaskAndExecutionRole = "same-task-and-execution-role";
    public const string NetworkModeNotAwsvpc = "network-mode-not-awsvpc";
    public const string NoHealthCheck = "no-health-check";
    public const string InteractiveShell = "interactive-shell";
    public const string AttemptedChange = "attempted-change";
    public const string NonPrivilegedPrincipal = "non-privileged-principal";
    public const string RootPrincipal = "root-principal";
    public const string CrossAccountCall = "cross-account-call";
    public const string PublicIpAssigned = "public-ip-assigned";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        PrivilegedContainer, HostNetworkRootUser, HostPidNamespace, HostIpcNamespace, PlaintextSecretEnvironment,
        AddedCapabilities, WritableRootFilesystem, NoLogConfiguration, BlockingLogMode, CredentialsEndpointCommand,
        CryptominingShape, RootUser, NoMemoryHardLimit, EfsTransitEncryptionDisabled, SameTaskAndExecutionRole,
        NetworkModeNotAwsvpc, NoHealthCheck, InteractiveShell, AttemptedChange, NonPrivilegedPrincipal, RootPrincipal,
        CrossAccountCall, PublicIpAssigned,
    };
}
