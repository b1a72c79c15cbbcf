using System.Text.Json;

namespace EcsRtma.Http.Acknowledge;

/// <summary>Reads the optional comment from an acknowledgement POST body (form-encoded or JSON).</summary>
public static class AckForm
{
    public static string? ReadComment(string? contentType, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(body);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("comment", out JsonElement c) && c.ValueKind == JsonValueKind.String
                    ? c.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        foreach (string pair in body.Split('&'))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual("comment"))
            {
                string value = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }
}
