using System.Text.RegularExpressions;
using EcsRtma.Load;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Integration.Tests;

/// <summary>
/// The load harness (`ecs-rtma-load`) on the test emulators, small: its accounting must see every event recorded once
/// and every alert notified once, whether the events arrive as a backlog or as a stream.
/// </summary>
public sealed partial class LoadHarnessTests
{
    [Theory]
    [InlineData("0")]   // backlog: everything queued before the drain starts
    [InlineData("40")]  // a stream of 40 events per second while the drain runs
    public async Task Load_SmallRun_RecordsEveryEventOnce_AndNotifiesEveryAlertOnce(string rate)
    {
        using var output = new MemoryStream();
        int exit = await LoadApp.RunAsync(["--count", "60", "--rate", rate, "--receivers", "4"], new CliIo(Stream.Null, output, TextWriter.Null), new Dictionary<string, string?>
        {
            ["Tables:ConnectionString"] = Emulators.StorageConnectionString,
            ["Sqs:ServiceUrl"] = Emulators.SqsServiceUrl.ToString(),
        });

        string report = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.True(exit == 0, report);
        Assert.Matches(@"drain:\s+60 handled", report);
        Assert.Matches(@"pipeline:\s+60 changes recorded", report);
        Assert.Matches(@"lost:\s+0 ", report);
        Assert.Matches(@"not notified:\s+0 alerts", report);
        Assert.Matches(@"duplicated:\s+0 ", report);

        // The generator's mix always alerts on some changes and not on others.
        int alerts = int.Parse(AlertsNotified().Match(report).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(alerts, 1, 59);
    }

    [Fact]
    public async Task Load_WithAnAckTimeout_MeasuresEveryAlertsEscalation()
    {
        // Nobody acknowledges: every alert escalates to tier 2 during the run, and the harness waits for each.
        using var output = new MemoryStream();
        int exit = await LoadApp.RunAsync(["--count", "20", "--rate", "20", "--receivers", "2", "--ack-timeout", "2"], new CliIo(Stream.Null, output, TextWriter.Null), new Dictionary<string, string?>
        {
            ["Tables:ConnectionString"] = Emulators.StorageConnectionString,
            ["Sqs:ServiceUrl"] = Emulators.SqsServiceUrl.ToString(),
        });

        string report = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.True(exit == 0, report);
        int alerts = int.Parse(AlertsNotified().Match(report).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches($@"escalation:\s+{alerts} of {alerts} alerts escalated to tier 2; after tier 1's deadline by p50 -?\d", report);
        Assert.Matches(@"duplicated:\s+0 ", report);
    }

    [GeneratedRegex(@"(\d+) of \1 alerts notified")]
    private static partial Regex AlertsNotified();
}
