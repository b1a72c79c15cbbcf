using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Activities;

/// <summary>A delivery that failed in a way a retry may fix.</summary>
public sealed class DeliveryFailedException(string channel, string message, Exception? inner = null)
    : Exception($"{channel}: {message}", inner);
