using EcsRtma.Channels.Graph;
using EcsRtma.Channels.PagerDuty;
using EcsRtma.Channels.Slack;
using EcsRtma.Channels.Sms;
using EcsRtma.Channels.Teams;
using EcsRtma.Channels.Tickets;
using EcsRtma.Channels.Webhook;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace EcsRtma.Channels;

public static class ChannelRegistration
{
    /// <summary>Registers every channel that has configuration; a channel with none is not registered.</summary>
    public static IServiceCollection AddEcsRtmaChannels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ChannelResilienceOptions>().BindConfiguration(ChannelResilienceOptions.SectionName).ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);

        Add<WebhookChannel, WebhookChannelOptions>(services, configuration, WebhookChannelOptions.SectionName);
        Add<TeamsChannel, TeamsChannelOptions>(services, configuration, TeamsChannelOptions.SectionName);
        Add<SlackChannel, SlackChannelOptions>(services, configuration, SlackChannelOptions.SectionName);
        Add<PagerDutyChannel, PagerDutyChannelOptions>(services, configuration, PagerDutyChannelOptions.SectionName);
        Add<AcsSmsChannel, AcsSmsOptions>(services, configuration, AcsSmsOptions.SectionName);
        Add<TwilioSmsChannel, TwilioSmsOptions>(services, configuration, TwilioSmsOptions.SectionName);
        Add<ZendeskChannel, ZendeskOptions>(services, configuration, ZendeskOptions.SectionName);
        Add<ServiceNowChannel, ServiceNowOptions>(services, configuration, ServiceNowOptions.SectionName);

        bool email = configuration.GetSection(EmailChannelOptions.SectionName).Exists();
        if (email || configuration.GetSection(GraphOptions.SectionName).Exists())
        {
            services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.SectionName).ValidateDataAnnotations();
            services.AddSingleton(sp => GraphClients.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value, sp.GetService<Azure.Core.TokenCredential>(), sp.GetService<ChannelTransport>()?.Handler));
            services.AddSingleton<IRecipientDirectory, GraphRecipientDirectory>();
        }

        if (email)
        {
            services.AddOptions<EmailChannelOptions>().BindConfiguration(EmailChannelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<EmailChannel>();
            services.AddSingleton<IAlertChannel>(sp => sp.GetRequiredService<EmailChannel>());
        }

        return services;
    }

    private static void Add<TChannel, TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TChannel : class, IAlertChannel
        where TOptions : class
    {
        if (!configuration.GetSection(section).Exists())
        {
            return;
        }

        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<TChannel>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers() // request URLs carry credentials (Slack and Teams webhook URLs): never log them
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetService<ChannelTransport>() is { } transport ? new NonDisposingHandler(transport.Handler) : new SocketsHttpHandler())
            .AddResilienceHandler("channel", (pipeline, context) =>
            {
                ChannelResilienceOptions o = context.ServiceProvider.GetRequiredService<IOptions<ChannelResilienceOptions>>().Value;
                pipeline
                    .AddTimeout(o.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(1, o.MaxRetryAttempts),
                        Delay = o.FirstRetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(o.MaxRetryAttempts > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        SamplingDuration = o.AttemptTimeout * 3,
                        MinimumThroughput = 5,
                        FailureRatio = 0.8,
                        BreakDuration = o.BreakDuration,

                        // Only an endpoint that cannot be reached (connection refused, DNS, timeouts) opens the
                        // circuit. An HTTP answer, even a 5xx, concerns that one request: one alert's payload or
                        // reflection that a vendor rejects must never fail fast every other alert's first
                        // notification (#12). Such failures are retried durably per delivery instead.
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException),
                    })
                    .AddTimeout(o.AttemptTimeout);
            });
        services.AddTransient<IAlertChannel>(sp => sp.GetRequiredService<TChannel>());
    }

    /// <summary>Lets the HTTP client factory rotate handlers without disposing the shared transport.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
