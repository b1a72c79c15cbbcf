using System.Globalization;
using EcsRtma.Functions.Triggers;
using EcsRtma.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace EcsRtma.Functions.Middleware;

/// <summary>
/// Every HTTP function first: a declared body over the limit is answered 413 by the surface, as the local
/// host's middleware answers it (<see cref="HttpSurface.Admit"/>). The Functions host itself is told the
/// same limit (<c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c>, infra/azure), so it never buffers more.
/// </summary>
public sealed class BodyLimitMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (await context.GetHttpRequestDataAsync() is { } request && await RefuseAsync(request, context.CancellationToken) is { } refused)
        {
            context.GetInvocationResult().Value = refused;
            return;
        }

        await next(context);
    }

    /// <summary>The 413 answer for a request whose declared body is over the limit; null to go on.</summary>
    public static async Task<HttpResponseData?> RefuseAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long? length = request.Headers.TryGetValues("Content-Length", out IEnumerable<string>? values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
        return HttpSurface.Admit(length) is { } answer ? await HttpTriggers.WriteAsync(request, answer, cancellationToken) : null;
    }
}
