using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace EcsRtma.Functions.Triggers;

/// <summary>Activity triggers: each forwards to the same activity class the local host and the tests run.</summary>
public sealed class ActivityTriggers(
    RecordChange record,
    RecordFailure failure,
    DeliverNotification deliver,
    AppendTimeline timeline,
    UpdateAlertState state,
    ReflectAlertState reflect)
{
    [Function(nameof(RecordFailure))]
    public Task<AlertOpening> RecordFailureAsync([ActivityTrigger] RecordFailureInput input, CancellationToken cancellationToken) => failure.ExecuteAsync(input, cancellationToken);

    [Function(nameof(RecordChange))]
    public Task<AlertOpening> RecordChangeAsync([ActivityTrigger] RecordChangeInput input, CancellationToken cancellationToken) => record.ExecuteAsync(input, cancellationToken);

    [Function(nameof(DeliverNotification))]
    public Task<bool> DeliverNotificationAsync([ActivityTrigger] DeliverInput input, CancellationToken cancellationToken) => deliver.ExecuteAsync(input, cancellationToken);

    [Function(nameof(AppendTimeline))]
    public Task<bool> AppendTimelineAsync([ActivityTrigger] TimelineInput input, CancellationToken cancellationToken) => timeline.ExecuteAsync(input, cancellationToken);

    [Function(nameof(UpdateAlertState))]
    public Task<bool> UpdateAlertStateAsync([ActivityTrigger] AlertStateInput input, CancellationToken cancellationToken) => state.ExecuteAsync(input, cancellationToken);

    [Function(nameof(ReflectAlertState))]
    public Task<int> ReflectAlertStateAsync([ActivityTrigger] ReflectInput input, CancellationToken cancellationToken) => reflect.ExecuteAsync(input, cancellationToken);
}
