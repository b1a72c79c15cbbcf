using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Http.Api;

/// <summary>A request body for acknowledge/resolve through the API.</summary>
public sealed record ApiAction(string? By, string? Comment);
