namespace EcsRtma.Core.Ports;

/// <summary>Signed links: short codes for SMS, and the single use of each token. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface ILinkStore
{
    /// <summary>Stores a short link code for a signed link (SMS); the code is a pointer, the token stays the authorisation.</summary>
    Task SaveShortLinkAsync(string code, Uri target, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The signed link behind a short code, or null when unknown or expired.</summary>
    Task<Uri?> ResolveShortLinkAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Marks a token nonce as spent. Returns false when it was already spent (a replay).</summary>
    Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default);

    /// <summary>Gives a spent nonce back: the action it was spent for could not be applied, so the link must still work.</summary>
    Task ReleaseTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default);
}
