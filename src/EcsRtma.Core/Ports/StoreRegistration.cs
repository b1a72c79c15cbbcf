using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Core.Ports;

public static class StoreRegistration
{
    /// <summary>
    /// Registers one store (a singleton) behind every storage port, so each caller asks only for the
    /// port it uses. The one place that lists the ports: the production store, the load harness and the
    /// tests' fakes all register through it.
    /// </summary>
    public static IServiceCollection AddEcsRtmaStore<TStore>(this IServiceCollection services, Func<IServiceProvider, TStore> factory)
        where TStore : class, IChangeLog, IAlertStore, IAlertGroups, IDeliveryLog, ILinkStore, IRejectionLog, IRetentionStore, IEventIndex, IChannelHealthStore
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(factory);
        services.AddSingleton<IChangeLog>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IAlertGroups>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IDeliveryLog>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ILinkStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IRejectionLog>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IRetentionStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IEventIndex>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IChannelHealthStore>(sp => sp.GetRequiredService<TStore>());
        return services;
    }
}
