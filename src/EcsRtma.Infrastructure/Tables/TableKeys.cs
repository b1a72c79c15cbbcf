using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EcsRtma.Core;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>
/// Turns any string into a Table Storage key part, injectively: the characters keys may not hold
/// (<c>/ \ # ?</c> and control characters) and the escape characters themselves (<c>%</c>, <c>~</c>)
/// are written as <c>%XX</c> (<c>%uXXXX</c> beyond Latin-1), so two different values never share a key.
/// A value whose escaped form would pass <see cref="Limits.TableKeyChars"/> becomes <c>~</c> followed
/// by the SHA-256 of the value — a form an escaped value can never take, since <c>~</c> is escaped.
/// </summary>
public static class TableKeys
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NeedsEscaping(value))
        {
            return value.Length <= Limits.TableKeyChars ? value : Hashed(value);
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (char c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '~' || char.IsControl(c))
            {
                builder.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"%{(int)c:X2}") : string.Create(CultureInfo.InvariantCulture, $"%u{(int)c:X4}"));
            }
            else
            {
                builder.Append(c);
            }

            if (builder.Length > Limits.TableKeyChars)
            {
                return Hashed(value);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string value)
    {
        foreach (char c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '~' || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Hashed(string value) => "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
