using EcsRtma.Ingestion;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcsRtma.LocalHost;

/// <summary>What the timer trigger does in Azure, back to back: one drain run after another.</summary>
public sealed class DrainLoop(IServiceProvider services, DurableTaskClient client, ConsoleReporter reporter) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                ChangeQueueDrainer drainer = services.GetRequiredService<ChangeQueueDrainer>();
                DrainReport report = await drainer.DrainAllAsync(client, services.GetRequiredService<Core.Ports.ChangeQueues>(), stoppingToken);
                if (report.Received > 0)
                {
                    reporter.Line("drain", $"received {report.Received}: started {report.Started} (first tier notified by the drain: {report.FirstTierNotified}{(report.FirstTierDeferred > 0 ? $"; {report.FirstTierDeferred} channel(s) left to the orchestration" : string.Empty)}), recorded without an orchestration {report.Recorded}, duplicates {report.Duplicates}, rejected {report.Rejected} (left for the DLQ), deleted {report.Deleted}", ConsoleColor.Cyan);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                reporter.Line("drain", $"run failed ({ex.GetType().Name}: {ex.Message}); retrying in 5 s", ConsoleColor.Red);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
