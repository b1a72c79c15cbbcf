using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Ingestion;

public static class IngestionRegistration
{
    /// <summary>The queue drain and the reconciler of failed changes (configuration section Drain); needs the workflow's services.</summary>
    public static IServiceCollection AddEcsRtmaIngestion(this IServiceCollection services)
    {
        services.AddOptions<DrainOptions>().BindConfiguration(DrainOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<FailedChangeReconciler>();
        services.AddTransient<FirstTierNotifier>();
        services.AddTransient<ChannelOutageMonitor>();
        services.AddTransient<EventCollisions>();
        services.AddTransient<ChangeQueueDrainer>();
        return services;
    }
}
