using EcsRtma.Channels;
using EcsRtma.Infrastructure;
using EcsRtma.Workflow;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

builder.Services
    .AddEcsRtmaWorkflow()
    .AddEcsRtmaInfrastructure()
    .AddEcsRtmaChannels(builder.Configuration);

builder.Build().Run();
