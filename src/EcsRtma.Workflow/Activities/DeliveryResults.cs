using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Activities;

/// <summary>Results recorded on a delivery.</summary>
public static class DeliveryResults
{
    public const string Delivered = "delivered";
}
