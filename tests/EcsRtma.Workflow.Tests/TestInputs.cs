using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Workflow.Contracts;

namespace EcsRtma.Workflow.Tests;

/// <summary>Orchestration inputs as the drain makes them (classified at the edge), with a policy of the test's own.</summary>
internal static class TestInputs
{
    public static ChangeClassifier Classifier { get; } = new(EcsActionCatalog.Default);

    public static ChangeInput For(CloudTrailEvent change, EscalationPolicySet policy, DeliveryRetry retry) =>
        ChangeInput.Create(change, Classifier, retry) with { Escalation = policy };
}
