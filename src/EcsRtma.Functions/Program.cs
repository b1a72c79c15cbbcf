using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using EcsRtma.Channels;
using EcsRtma.Functions.Middleware;
using EcsRtma.Http;
using EcsRtma.Infrastructure;
using EcsRtma.Ingestion;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.UseMiddleware<BodyLimitMiddleware>();

builder.Services
    .AddEcsRtmaWorkflow()
    .AddEcsRtmaIngestion()
    .AddEcsRtmaInfrastructure()
    .AddEcsRtmaChannels(builder.Configuration)
    .AddEcsRtmaHttp();

// Traces (drain → orchestration → channel HTTP calls) and the EcsRtma meter; exported to
// Application Insights (Entra-authenticated) only when it is configured.
IOpenTelemetryBuilder telemetry = builder.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource("Microsoft.DurableTask.*", "System.Net.Http"))
    .WithMetrics(metrics => metrics.AddMeter(EcsRtmaMetrics.MeterName));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
}

builder.Build().Run();
