using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Azure.Data.Tables;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Infrastructure.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcsRtma.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>The SQS queue client and the Table Storage store (sections Sqs and Tables).</summary>
    public static IServiceCollection AddEcsRtmaInfrastructure(this IServiceCollection services)
    {
        services.AddOptions<SqsOptions>().BindConfiguration(SqsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TableStorageOptions>().BindConfiguration(TableStorageOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.ConnectionString is not null || o.ServiceUri is not null, "Tables:ConnectionString or Tables:ServiceUri must be set")
            .ValidateOnStart();

        services.AddSingleton<IAmazonSQS>(sp => CreateSqsClient(sp.GetRequiredService<IOptions<SqsOptions>>().Value));
        services.AddSingleton<IChangeQueueClient, SqsChangeQueueClient>();
        services.AddSingleton(sp =>
        {
            SqsOptions primary = sp.GetRequiredService<IOptions<SqsOptions>>().Value;
            var queues = new List<DrainSource> { new(sp.GetRequiredService<IChangeQueueClient>(), null) };
            foreach (SqsQueueOptions extra in primary.AdditionalQueues)
            {
                SqsOptions options = extra.Over(primary);
                queues.Add(new DrainSource(new SqsChangeQueueClient(CreateSqsClient(options), options.QueueUrl), extra.Receivers));
            }

            return new ChangeQueues(queues);
        });
        services.AddSingleton(sp =>
        {
            TableStorageOptions o = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
            return o.ConnectionString is { Length: > 0 } cs
                ? new TableServiceClient(cs)
                : new TableServiceClient(o.ServiceUri, new Azure.Identity.DefaultAzureCredential());
        });
        services.AddEcsRtmaStore(sp => new TableAlertStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<TableStorageOptions>>().Value.TablePrefix, sp.GetService<TimeProvider>()));
        services.AddSingleton<HealthProbe>();
        return services;
    }

    /// <summary>An SQS client: the emulator with static test credentials when ServiceUrl is set, else AWS with the default credential chain.</summary>
    public static IAmazonSQS CreateSqsClient(SqsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonSQSConfig();
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        if (options.RoleArn is { Length: > 0 } roleArn)
        {
            return new AmazonSQSClient(CreateWebIdentityCredentials(options, roleArn, new Azure.Identity.DefaultAzureCredential()), config);
        }

        return options.AccessKeyId is { Length: > 0 } keyId && options.SecretAccessKey is { Length: > 0 } secret
            ? new AmazonSQSClient(new BasicAWSCredentials(keyId, secret), config)
            : new AmazonSQSClient(config);
    }

    /// <summary>Keyless AWS credentials from an Entra ID token (the managed identity in Azure).</summary>
    public static EntraWebIdentityCredentials CreateWebIdentityCredentials(SqsOptions options, string roleArn, Azure.Core.TokenCredential identity)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stsConfig = new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig();
        if (options.StsServiceUrl is not null)
        {
            stsConfig.ServiceURL = options.StsServiceUrl.ToString();
            stsConfig.AuthenticationRegion = options.Region;
        }
        else
        {
            stsConfig.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        // AssumeRoleWithWebIdentity is an unsigned call: the web identity token is the credential.
        var sts = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), stsConfig);
        return new EntraWebIdentityCredentials(identity, options.WebIdentityAudience, roleArn, "ecs-rtma-" + Environment.MachineName, sts);
    }
}
