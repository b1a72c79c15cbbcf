using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Ports;

/// <summary>Every change received, alerted or not: recorded with its verdict and listed for the changes API. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IChangeLog
{
    /// <summary>Records a change and its verdict (and the alert it belongs to, if any); idempotent for the same event id.</summary>
    Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, string? alertId = null, CancellationToken cancellationToken = default);

    /// <summary>Lists recorded changes (alerted, suppressed and ignored), newest first.</summary>
    Task<Listing<ChangeSummary>> QueryChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default);
}
