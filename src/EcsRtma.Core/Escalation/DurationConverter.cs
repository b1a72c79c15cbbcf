using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsRtma.Core.Escalation;

/// <summary>Durations as <c>90s</c>, <c>15m</c>, <c>4h</c>, <c>2d</c> or a TimeSpan (<c>00:15:00</c>); written as a TimeSpan.</summary>
public sealed class DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("a duration must be a string such as \"15m\" or \"00:15:00\"");
        return TryParse(text, out TimeSpan value) ? value : throw new JsonException($"'{text}' is not a duration (use 90s, 15m, 4h, 2d or hh:mm:ss)");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        char unit = text[^1];
        if (char.IsAsciiLetter(unit) && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
        {
            TimeSpan? parsed = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            value = parsed.GetValueOrDefault();
            return parsed is not null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
