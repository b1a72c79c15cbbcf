using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Http.Api;

/// <summary>An API error body.</summary>
public sealed record ApiError(string Error);
