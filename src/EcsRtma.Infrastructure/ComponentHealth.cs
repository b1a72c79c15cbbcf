using Amazon.SQS;
using Amazon.SQS.Model;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using EcsRtma.Infrastructure.Aws;

namespace EcsRtma.Infrastructure;

/// <summary>One dependency's health.</summary>
public sealed record ComponentHealth(string Name, bool Healthy, string Detail);
