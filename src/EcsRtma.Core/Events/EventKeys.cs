using System.Security.Cryptography;
using System.Text;

namespace EcsRtma.Core.Events;

/// <summary>
/// The storage and instance key of a CloudTrail event id. Injective by construction: a canonical
/// CloudTrail id (a GUID, as CloudTrail writes it) is its own key, and every other id — forged, long,
/// odd, or derived from content — is <c>h-</c> followed by the full SHA-256 of the id. The two forms
/// cannot meet: a GUID never starts with <c>h-</c>. Keys use only <c>[0-9a-fA-F-]</c> and <c>h</c>, so
/// they are safe in Table Storage keys, durable instance ids and URLs without any further mapping.
/// </summary>
public static class EventKeys
{
    public const string HashedPrefix = "h-";

    public static string For(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return IsCanonical(eventId)
            ? eventId
            : HashedPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
    }

    /// <summary>True for 8-4-4-4-12 hexadecimal GUID text, the only form CloudTrail writes.</summary>
    public static bool IsCanonical(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        if (eventId.Length != 36)
        {
            return false;
        }

        for (int i = 0; i < 36; i++)
        {
            char c = eventId[i];
            bool ok = i is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiHexDigit(c);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
