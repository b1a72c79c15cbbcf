using System.ComponentModel.DataAnnotations;
using EcsRtma.Channels.Graph;
using EcsRtma.Channels.PagerDuty;
using EcsRtma.Channels.Slack;
using EcsRtma.Channels.Sms;
using EcsRtma.Channels.Teams;
using EcsRtma.Channels.Tickets;
using EcsRtma.Channels.Webhook;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace EcsRtma.Channels;

/// <summary>Replaces the network under every channel (the preview command's dry run). Not registered in production.</summary>
public sealed record ChannelTransport(HttpMessageHandler Handler);
