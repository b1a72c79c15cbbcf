using EcsRtma.Core.Policies;

namespace EcsRtma.Core.Escalation;

/// <summary>Working hours in a time zone; outside them, low and medium alerts wait.</summary>
public sealed class QuietHours
{
    /// <summary>IANA or Windows time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    public List<DayOfWeek> WorkingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Start of working hours, HH:mm local time.</summary>
    public string Start { get; set; } = "09:00";

    /// <summary>End of working hours, HH:mm local time.</summary>
    public string End { get; set; } = "17:00";

    /// <summary><paramref name="now"/> itself inside working hours, otherwise the next start of working hours.</summary>
    public DateTimeOffset NextWorkingTime(DateTimeOffset now)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        int start = PolicyDocument.ParseTime(Start, "start");
        int end = PolicyDocument.ParseTime(End, "end");
        if (WorkingDays.Count == 0 || start >= end)
        {
            return now;
        }

        DateTime local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        for (int day = 0; day <= 7; day++)
        {
            DateTime date = local.Date.AddDays(day);
            if (!WorkingDays.Contains(date.DayOfWeek))
            {
                continue;
            }

            DateTime opens = date.AddMinutes(start);
            DateTime closes = date.AddMinutes(end);
            if (local < closes)
            {
                return local >= opens ? now : ToUtc(opens, zone);
            }
        }

        return now;
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // A start time inside a spring-forward gap does not exist: move to the first valid minute.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
