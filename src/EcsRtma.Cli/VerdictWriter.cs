using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Cli;

/// <summary>Writes one verdict per record.</summary>
public abstract class VerdictWriter : IDisposable
{
    public virtual void Begin()
    {
    }

    public abstract void Write(ParseResult record, Verdict? verdict);

    public virtual void Finish()
    {
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
