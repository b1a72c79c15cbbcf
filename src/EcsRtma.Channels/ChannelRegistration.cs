using EcsRtma.Channels.Webhook;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels;

public static class ChannelRegistration
{
    /// <summary>Registers every channel that has configuration; a channel with none is not registered.</summary>
    public static IServiceCollection AddEcsRtmaChannels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetSection(WebhookChannelOptions.SectionName).Exists())
        {
            services.AddOptions<WebhookChannelOptions>().BindConfiguration(WebhookChannelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddHttpClient<WebhookChannel>((sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<WebhookChannelOptions>>().Value.Timeout;
            });
            services.AddTransient<IAlertChannel>(sp => sp.GetRequiredService<WebhookChannel>());
        }

        return services;
    }
}
