using HospitalOps.ServiceDesk.Sla;
using static HospitalOps.ServiceDesk.Tests.Sla.ExampleCalendars;

namespace HospitalOps.ServiceDesk.Tests.Sla;

/// <summary>Adding working time and measuring it back agree to the millisecond, wherever the start and whatever the length.</summary>
public sealed class BusinessCalendarExactnessTests
{
    public static TheoryData<string> Calendars() => ["office", "split", "berlin", "always"];

    private static BusinessCalendar Named(string name) => name switch
    {
        "office" => Office(),
        "split" => SplitDay(),
        "berlin" => BusinessCalendar.MondayToFriday([WorkingPeriod.Of("08:00", "12:00"), WorkingPeriod.Of("13:00", "17:00")], zone: Berlin),
        _ => BusinessCalendar.AlwaysWorking(),
    };

    [Theory]
    [MemberData(nameof(Calendars))]
    public void WorkingTimeBetween_TheStartAndTheAddedTime_IsTheDuration(string name)
    {
        var calendar = Named(name);
        var random = new Random(20261001);
        var yearStart = Cst("2026-01-01 00:00");

        for (var i = 0; i < 2000; i++)
        {
            var from = yearStart.AddMilliseconds(random.NextInt64(0, 365L * 24 * 3600 * 1000));
            var duration = TimeSpan.FromMilliseconds(random.NextInt64(1, 300L * 3600 * 1000));

            var end = calendar.AddWorkingTime(from, duration);

            calendar.WorkingTimeBetween(from, end).ShouldBe(duration, $"from {from:O} + {duration}");
            calendar.IsWorkingTime(end.AddMilliseconds(-1)).ShouldBeTrue($"from {from:O} + {duration} ends at {end:O}, after non-working time");
            calendar.WorkingTimeBetween(from, end.AddMilliseconds(-1)).ShouldBe(duration - TimeSpan.FromMilliseconds(1));
        }
    }
}
