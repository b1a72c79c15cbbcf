using System.Reflection;
using System.Runtime.ExceptionServices;

namespace EcsRtma.Load;

/// <summary>
/// A decorator generated at run time (<see cref="DispatchProxy"/>) for any port: every call goes to
/// the real implementation, and the observer sees which method was called with what. Nothing is
/// forwarded by hand, so a port that gains a member needs no change here.
/// </summary>
public class ObservedPort<T> : DispatchProxy
    where T : class
{
    private T? _inner;
    private Action<MethodInfo, object?[]>? _observe;

    /// <summary>Called once, right after <see cref="DispatchProxy.Create{T, TProxy}"/>.</summary>
    internal void Attach(T inner, Action<MethodInfo, object?[]> observe) => (_inner, _observe) = (inner, observe);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        _observe!(targetMethod, args);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}

/// <summary>Makes an <see cref="ObservedPort{T}"/>.</summary>
public static class ObservedPort
{
    public static T Wrap<T>(T inner, Action<MethodInfo, object?[]> observe)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(observe);
        T proxy = DispatchProxy.Create<T, ObservedPort<T>>();
        ((ObservedPort<T>)(object)proxy).Attach(inner, observe);
        return proxy;
    }
}
