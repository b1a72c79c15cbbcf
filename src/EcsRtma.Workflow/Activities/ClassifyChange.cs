using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>Judges one change with the detection engine. Pure: no I/O.</summary>
public sealed class ClassifyChange(ChangeClassifier classifier) : TaskActivity<CloudTrailEvent, Verdict>
{
    public override Task<Verdict> RunAsync(TaskActivityContext context, CloudTrailEvent input) => ExecuteAsync(input);

    public Task<Verdict> ExecuteAsync(CloudTrailEvent input) => Task.FromResult(classifier.Classify(input));
}
