using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Http.Api;

/// <summary>A host-neutral API answer: HTTP status and a body serialised as JSON (web defaults).</summary>
public sealed record ApiResult(int StatusCode, object Body);
