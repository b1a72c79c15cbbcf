using EcsRtma.Core.Events;

namespace EcsRtma.Cli;

/// <summary>One input record: how it parsed, and its raw JSON text.</summary>
public readonly record struct RawRecord(ParseResult Result, string Raw);
