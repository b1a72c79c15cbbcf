namespace EcsRtma.Detection.Policy;

/// <summary>A UTC window: optional days of week, start and end "HH:mm" (end may be before start: across midnight).</summary>
public sealed class TimeWindow
{
    public List<DayOfWeek> Days { get; set; } = [];

    public string Start { get; set; } = "00:00";

    public string End { get; set; } = "24:00";
}
