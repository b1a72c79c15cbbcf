using EcsRtma.Http.Acknowledge;
using EcsRtma.Http.Api;
using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Http;

public static class HttpRegistration
{
    /// <summary>The HTTP surface both hosts serve, with the acknowledgement service and the alerts API behind it (configuration section Api).</summary>
    public static IServiceCollection AddEcsRtmaHttp(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName);
        services.AddTransient<AlertApi>();
        services.AddSingleton<RefusalLimiter>();
        services.AddTransient<AcknowledgeService>();
        services.AddTransient<HttpSurface>();
        return services;
    }
}
