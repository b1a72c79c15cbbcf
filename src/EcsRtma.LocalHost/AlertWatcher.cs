using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Hosting;

namespace EcsRtma.LocalHost;

/// <summary>Prints each alert as it opens and closes, read back from Table Storage.</summary>
public sealed class AlertWatcher(IAlertStore alerts, ConsoleReporter reporter) : BackgroundService
{
    private readonly Dictionary<string, AlertStatus> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                try
                {
                    foreach (AlertRecord alert in (await alerts.QueryAlertsAsync(new AlertQuery { Limit = 200 }, stoppingToken)).Items)
                    {
                        Report(alert);
                    }
                }
                catch (Azure.RequestFailedException ex)
                {
                    reporter.Line("store", $"cannot read alerts: {ex.Status} {ex.ErrorCode}", ConsoleColor.Red);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Report(AlertRecord alert)
    {
        bool known = _seen.TryGetValue(alert.AlertId, out AlertStatus previous);
        if (known && previous == alert.Status)
        {
            return;
        }

        _seen[alert.AlertId] = alert.Status;
        if (!known)
        {
            reporter.Line("alert", $"{alert.AlertId}  {alert.Title}", ConsoleColor.Yellow);
        }

        switch (alert.Status)
        {
            case AlertStatus.Acknowledged:
                reporter.Line("ack", $"{alert.AlertId} acknowledged by {alert.AcknowledgedBy} at tier {alert.TierReached}", ConsoleColor.Green);
                break;
            case AlertStatus.Unacknowledged:
                reporter.Line("unacked", $"{alert.AlertId} not acknowledged after tier {alert.TierReached}: escalation exhausted", ConsoleColor.Red);
                break;
            case AlertStatus.Resolved:
                reporter.Line("resolved", $"{alert.AlertId} resolved by {alert.ResolvedBy}", ConsoleColor.Green);
                break;
            default:
                break;
        }
    }
}
