namespace EcsRtma.Core.Alerts;

/// <summary>Why a token was refused. Each maps to a specific HTTP answer.</summary>
public enum AckTokenError
{
    None,
    Malformed,
    BadSignature,
    Expired,
    WrongAlert,
}
