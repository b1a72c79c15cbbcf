using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Http;

public static class HttpRegistration
{
    /// <summary>The HTTP surface both hosts serve.</summary>
    public static IServiceCollection AddEcsRtmaHttp(this IServiceCollection services)
    {
        services.AddTransient<HttpSurface>();
        return services;
    }
}
