using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EcsRtma.Functions.Triggers;

/// <summary>The orchestration trigger: a two-line wrapper around the host-agnostic <see cref="ChangeOrchestration"/>.</summary>
public static class ChangeOrchestrationTrigger
{
    [Function(nameof(ChangeOrchestration))]
    public static Task<ChangeResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ChangeOrchestration.RunAsync(context, context.GetInput<ChangeInput>() ?? throw new InvalidOperationException("orchestration started without input"));
}
