using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>Azure Table Storage for application state. Section <c>Tables</c>.</summary>
public sealed class TableStorageOptions
{
    public const string SectionName = "Tables";

    /// <summary>A connection string (Azurite: UseDevelopmentStorage=true). In Azure prefer <see cref="ServiceUri"/> with the managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint (https://ACCOUNT.table.core.windows.net) used with DefaultAzureCredential when no connection string is set.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Prefix of every table name (letters and digits), so several deployments can share an account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,40}$")]
    public string TablePrefix { get; set; } = "EcsRtma";
}
