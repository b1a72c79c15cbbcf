using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using EcsRtma.Testing;

namespace EcsRtma.Infra.Tests;

/// <summary>infra/azure compiled by the real Bicep compiler (NuGet Azure.Bicep.CommandLine.linux-x64), then the ARM output checked.</summary>
public sealed class BicepTests
{
    private static readonly Lazy<(int ExitCode, string Errors, JsonElement Template)> Compiled = new(Compile);

    [Fact]
    public void Build_MainBicep_CompilesWithNoWarnings()
    {
        (int exit, string errors, _) = Compiled.Value;
        Assert.True(exit == 0, errors);
        Assert.True(errors.Trim().Length == 0, "bicep reported diagnostics:\n" + errors);
    }

    [Fact]
    public void Storage_RefusesSharedKeysAndOldTls()
    {
        JsonElement storage = Resources().Single(r => Type(r) == "Microsoft.Storage/storageAccounts").GetProperty("properties");
        Assert.False(storage.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(storage.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", storage.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionDotnet10WithOnlyAUserAssignedIdentity()
    {
        JsonElement plan = Resources().Single(r => Type(r) == "Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        JsonElement site = Resources().Single(r => Type(r) == "Microsoft.Web/sites");
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        JsonElement runtime = site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");
        Assert.Equal(("dotnet-isolated", "10.0"), (runtime.GetProperty("name").GetString(), runtime.GetProperty("version").GetString()));
        Assert.True(site.GetProperty("properties").GetProperty("httpsOnly").GetBoolean());
    }

    [Fact]
    public void AppSettings_TakeSecretsOnlyFromKeyVault()
    {
        JsonElement settings = Resources().Single(r => Type(r) == "Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings");
        foreach (JsonElement setting in settings.EnumerateArray())
        {
            string name = setting.GetProperty("name").GetString()!;
            string value = setting.GetProperty("value").ToString();
            if (name is "Ack__SigningKey" or "Channels__Webhook__Secret" or "Channels__Webhook__Url")
            {
                Assert.Contains("@Microsoft.KeyVault(", value, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("AccountKey=", value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("listKeys", Compiled.Value.Template.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_AreOnlyTheDataPlaneRolesTheAppUses()
    {
        string[] allowed =
        [
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner (deployment package, durable leases)
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor (durable task hub)
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor (alerts, durable history)
            "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User (references)
            "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", // Key Vault Secrets Officer (optional, for the named admin only)
            "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher (Entra-auth Application Insights)
        ];
        string template = Compiled.Value.Template.GetRawText();
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", template, StringComparison.Ordinal); // Owner
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", template, StringComparison.Ordinal); // Contributor
        foreach (string role in System.Text.RegularExpressions.Regex.Matches(template, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").Select(m => m.Value).Distinct())
        {
            Assert.Contains(role, allowed);
        }
    }

    private static IEnumerable<JsonElement> Resources()
    {
        // main.bicep deploys app/resources.bicep as a nested deployment.
        JsonElement nested = Compiled.Value.Template.GetProperty("resources").EnumerateArray().Single(r => Type(r) == "Microsoft.Resources/deployments");
        JsonElement inner = nested.GetProperty("properties").GetProperty("template").GetProperty("resources");
        return inner.ValueKind == JsonValueKind.Object ? inner.EnumerateObject().Select(p => p.Value) : inner.EnumerateArray();
    }

    private static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;

    private static (int, string, JsonElement) Compile()
    {
        string package = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackagePath").Value!;
        string bicep = Path.Combine(package, "tools", "bicep");
        if (!OperatingSystem.IsWindows())
        {
            // NuGet extraction does not keep the executable bit.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }
        string output = Path.Combine(Path.GetTempPath(), $"ecsrtma-main-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo(bicep) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "build", Path.Combine(RepoPaths.Root, "infra", "azure", "main.bicep"), "--outfile", output })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(psi)!;
        string errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using JsonDocument doc = JsonDocument.Parse(File.Exists(output) ? File.ReadAllText(output) : "{}");
        return (process.ExitCode, errors, doc.RootElement.Clone());
    }
}
