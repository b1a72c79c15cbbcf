using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;
using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Channels;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using EcsRtma.Workflow.Orchestrations;
using EcsRtma.Workflow.Settings;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow;

/// <summary>Registers the workflow's services and durable tasks, identically for every host.</summary>
public static class WorkflowRegistration
{
    /// <summary>The orchestration and activities, for a DurableTask worker or test host.</summary>
    public static DurableTaskRegistry AddEcsRtmaTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        // A lambda, not a method group: the Durable Task analyzers 1.28.0 crash (AD0001) on a method group from another file.
        registry.AddOrchestratorFunc<ChangeInput, ChangeResult>(nameof(ChangeOrchestration), (context, input) => ChangeOrchestration.RunAsync(context, input));
        registry.AddActivity<RecordFailure>();
        registry.AddActivity<RecordChange>();
        registry.AddActivity<DeliverNotification>();
        registry.AddActivity<AppendTimeline>();
        registry.AddActivity<UpdateAlertState>();
        registry.AddActivity<ReflectAlertState>();
        return registry;
    }

    /// <summary>Detection, signed links, escalation and the activities (configuration sections Detection, Ack, Escalation, Retention).</summary>
    public static IServiceCollection AddEcsRtmaWorkflow(this IServiceCollection services)
    {
        services.AddOptions<AckOptions>().BindConfiguration(AckOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.SectionName)
            .Validate<IEnumerable<IAlertChannel>>((o, channels) => o.ToPolicySet([.. channels.Select(c => c.Name)]) is not null).ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Loaded once and validated against the channels this host has: a typo in a channel name fails at start, naming the field.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EscalationOptions>>().Value
            .ToPolicySet([.. sp.GetServices<IAlertChannel>().Select(c => c.Name)]));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EcsRtmaMetrics>();
        services.AddSingleton(EcsActionCatalog.Default);
        services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.SectionName);
        services.AddSingleton(sp =>
        {
            string? path = sp.GetRequiredService<IOptions<DetectionOptions>>().Value.PolicyFile;
            return string.IsNullOrWhiteSpace(path) ? DetectionPolicy.Empty : PolicyLoader.LoadFile(path, sp.GetRequiredService<EcsActionCatalog>());
        });
        services.AddSingleton(sp => new ChangeClassifier(sp.GetRequiredService<EcsActionCatalog>(), sp.GetRequiredService<DetectionPolicy>()));
        services.AddSingleton(sp =>
        {
            AckOptions ack = sp.GetRequiredService<IOptions<AckOptions>>().Value;
            return AckTokenService.FromBase64(ack.SigningKey, sp.GetRequiredService<TimeProvider>(), ack.PreviousSigningKey);
        });
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ChannelGate(sp.GetRequiredService<IOptions<ChannelOptions>>().Value.MaxConcurrentSends, sp.GetRequiredService<IOptions<ChannelOptions>>().Value.MaxSendWait));
        services.AddSingleton(sp => new ChannelHealth(sp.GetService<IChannelHealthStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ChannelHealth>>()));
        services.AddTransient<RecordFailure>();
        services.AddTransient<RecordChange>();
        services.AddTransient<DeliverNotification>();
        services.AddTransient<AppendTimeline>();
        services.AddTransient<UpdateAlertState>();
        services.AddTransient<ReflectAlertState>();
        return services;
    }
}
