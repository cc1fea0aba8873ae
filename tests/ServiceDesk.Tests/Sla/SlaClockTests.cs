using HospitalOps.ServiceDesk.Sla;
using static HospitalOps.ServiceDesk.Tests.Sla.ExampleCalendars;

namespace HospitalOps.ServiceDesk.Tests.Sla;

/// <summary>
/// The targets of seed 001's contract: response within 0.5 h in work hours (08:00–18:00) and 1 h outside, in clock time;
/// repair within 2 working days, i.e. 20 h of the 10-hour working day.
/// </summary>
public sealed class SlaClockTests
{
    private static SlaTarget Response() =>
        new(SlaTargetKind.Response, Minutes(30), BusinessCalendar.AlwaysWorking()) { OutsideHours = new OutsideHoursAllowance(Office(), Hours(1)) };

    private static SlaTarget Repair() => new(SlaTargetKind.Resolution, Hours(20), Office());

    [Theory]
    [InlineData("2026-09-15 17:50", 30, "2026-09-15 18:20")] // in hours: half an hour, running on past 18:00 in clock time
    [InlineData("2026-09-15 18:00", 60, "2026-09-15 19:00")] // work hours end at 18:00
    [InlineData("2026-09-15 18:10", 60, "2026-09-15 19:10")]
    [InlineData("2026-09-19 10:00", 60, "2026-09-19 11:00")] // Saturday
    [InlineData("2026-10-02 10:00", 60, "2026-10-02 11:00")] // public holiday
    [InlineData("2026-10-10 10:00", 30, "2026-10-10 10:30")] // make-up Saturday: in hours
    public void Response_TheOpeningInstantChoosesTheAllowance_MeasuredInClockTime(string opened, int minutes, string deadline)
    {
        var state = new SlaClock(Response(), Cst(opened)).At(Cst(opened));

        state.Allowed.ShouldBe(Minutes(minutes));
        state.Deadline.ShouldBe(Cst(deadline));
        state.Kind.ShouldBe(SlaTargetKind.Response);
    }

    [Theory]
    [InlineData("2026-09-18 15:00", "2026-09-22 15:00")] // Friday: the weekend does not count
    [InlineData("2026-09-29 10:00", "2026-10-08 10:00")] // the holiday week does not count
    [InlineData("2026-10-08 10:00", "2026-10-10 10:00")] // the make-up Saturday does
    [InlineData("2026-09-19 11:00", "2026-09-22 18:00")] // opened on Saturday: counting starts Monday 08:00
    public void Repair_TwoWorkingDays_SkipWeekendsAndHolidays(string opened, string deadline)
    {
        new SlaClock(Repair(), Cst(opened)).At(Cst(opened)).Deadline.ShouldBe(Cst(deadline));
    }

    [Fact]
    public void Used_CountsWorkingTimeOnly()
    {
        // Friday 13:00 to Monday 13:00 is three days of clock time but 10 h of working time: half of 2 working days.
        var state = new SlaClock(Repair(), Cst("2026-09-18 13:00")).At(Cst("2026-09-21 13:00"));

        state.Used.ShouldBe(Hours(10));
        state.Remaining.ShouldBe(Hours(10));
        state.Colour.ShouldBe(SlaColour.Yellow);
        state.Outcome.ShouldBe(SlaOutcome.InProgress);
    }

    [Fact]
    public void AClosedPauseOverNight_DoesNotCount_AndMovesTheDeadline()
    {
        // Waiting for the user from Tuesday 17:00 to Wednesday 10:00: 1 h of Tuesday's and 2 h of Wednesday's working time.
        var clock = new SlaClock(Repair(), Cst("2026-09-15 09:00"), [new SlaPause(Cst("2026-09-15 17:00"), Cst("2026-09-16 10:00"))]);

        var state = clock.At(Cst("2026-09-16 12:00"));

        state.Used.ShouldBe(Hours(10));
        state.Deadline.ShouldBe(Cst("2026-09-17 12:00")); // Thursday 09:00 without the pause
        state.IsPaused.ShouldBeFalse();
        state.FractionUsed.ShouldBe(0.5);
    }

    [Fact]
    public void AnOpenPause_StopsTheClock_AndLeavesTheDeadlineOpen()
    {
        var clock = new SlaClock(Repair(), Cst("2026-09-18 09:00"), [new SlaPause(Cst("2026-09-18 16:00"))]);

        var state = clock.At(Cst("2026-09-21 11:00"));

        state.IsPaused.ShouldBeTrue();
        state.Used.ShouldBe(Hours(7));
        state.Remaining.ShouldBe(Hours(13));
        state.Deadline.ShouldBeNull();
        state.Outcome.ShouldBe(SlaOutcome.InProgress);
        state.Colour.ShouldBe(SlaColour.Green);
    }

    [Fact]
    public void APauseOverTheWeekend_OnceClosed_CountsOnlyTheWorkingTimeOutsideIt()
    {
        // Waiting from Friday 16:00 to Monday 10:00: Friday's last 2 h and Monday's first 2 h do not count.
        var clock = new SlaClock(Repair(), Cst("2026-09-18 09:00"), [new SlaPause(Cst("2026-09-18 16:00"), Cst("2026-09-21 10:00"))]);

        var state = clock.At(Cst("2026-09-21 12:00"));

        state.Used.ShouldBe(Hours(9));
        state.Deadline.ShouldBe(Cst("2026-09-22 13:00")); // Tuesday 09:00 without the pause
    }

    [Fact]
    public void OverlappingPauses_CountOnce()
    {
        var clock = new SlaClock(Repair(), Cst("2026-09-15 09:00"),
            [new SlaPause(Cst("2026-09-15 11:00"), Cst("2026-09-15 14:00")), new SlaPause(Cst("2026-09-15 10:00"), Cst("2026-09-15 12:00"))]);

        var state = clock.At(Cst("2026-09-15 15:00"));

        state.Used.ShouldBe(Hours(2));
        state.Deadline.ShouldBe(Cst("2026-09-17 13:00")); // Thursday 09:00 plus the 4 paused hours
    }

    [Fact]
    public void APauseOnAClockTimeTarget_MovesItsDeadlineByThePause()
    {
        var clock = new SlaClock(Response(), Cst("2026-09-19 10:00"), [new SlaPause(Cst("2026-09-19 10:20"), Cst("2026-09-19 10:50"))]);

        clock.At(Cst("2026-09-19 11:00")).Deadline.ShouldBe(Cst("2026-09-19 11:30"));
        clock.At(Cst("2026-09-19 11:00")).Used.ShouldBe(Minutes(30));
    }

    [Fact]
    public void PausesBeforeTheStartOrAfterNow_DoNotCount()
    {
        var clock = new SlaClock(Repair(), Cst("2026-09-15 09:00"),
            [new SlaPause(Cst("2026-09-15 08:00"), Cst("2026-09-15 09:30")), new SlaPause(Cst("2026-09-15 16:00"), Cst("2026-09-15 17:00"))]);

        var state = clock.At(Cst("2026-09-15 12:00"));

        state.Used.ShouldBe(Hours(2.5));
        state.Deadline.ShouldBe(Cst("2026-09-17 09:30")); // only the half hour after the start is known at noon
    }

    [Fact]
    public void APauseStillRunningAtNow_IsOpenAsOfNow()
    {
        var clock = new SlaClock(Repair(), Cst("2026-09-15 09:00"), [new SlaPause(Cst("2026-09-15 10:00"), Cst("2026-09-15 15:00"))]);

        var state = clock.At(Cst("2026-09-15 12:00"));

        state.IsPaused.ShouldBeTrue();
        state.Used.ShouldBe(Hours(1));
        state.Deadline.ShouldBeNull();
    }

    [Theory]
    [InlineData(4.9, nameof(SlaColour.Green))]
    [InlineData(5.0, nameof(SlaColour.Yellow))]
    [InlineData(7.99, nameof(SlaColour.Yellow))]
    [InlineData(8.0, nameof(SlaColour.Red))]
    [InlineData(9.99, nameof(SlaColour.Red))]
    [InlineData(10.0, nameof(SlaColour.Black))]
    [InlineData(12.0, nameof(SlaColour.Black))]
    public void Colour_FollowsTheShareOfTheTimeUsed(double hoursUsed, string expected)
    {
        var target = new SlaTarget(SlaTargetKind.Resolution, Hours(10), BusinessCalendar.AlwaysWorking());

        new SlaClock(target, Cst("2026-09-15 08:00")).At(Cst("2026-09-15 08:00") + Hours(hoursUsed)).Colour.ShouldBe(Enum.Parse<SlaColour>(expected));
    }

    [Fact]
    public void Colour_RedThresholdIsConfigurable()
    {
        var target = new SlaTarget(SlaTargetKind.Resolution, Hours(10), BusinessCalendar.AlwaysWorking());
        var clock = new SlaClock(target, Cst("2026-09-15 08:00"), thresholds: new SlaColourThresholds(red: 0.9));

        clock.At(Cst("2026-09-15 16:00")).Colour.ShouldBe(SlaColour.Yellow);
        clock.At(Cst("2026-09-15 17:00")).Colour.ShouldBe(SlaColour.Red);
    }

    [Fact]
    public void Breached_RecordsTheBreachInstant_AndTheOverdueTime()
    {
        var state = new SlaClock(Repair(), Cst("2026-09-18 15:00")).At(Cst("2026-09-23 09:00"));

        state.Outcome.ShouldBe(SlaOutcome.Breached);
        state.BreachedAt.ShouldBe(Cst("2026-09-22 15:00"));
        state.Remaining.ShouldBe(TimeSpan.Zero);
        state.Overdue.ShouldBe(Hours(4)); // Tuesday 15:00–18:00 and Wednesday 08:00–09:00
        state.FractionUsed.ShouldBe(1.2);
        state.Colour.ShouldBe(SlaColour.Black);
    }

    [Fact]
    public void AtTheDeadline_ARunningClockIsBreached_ButAStopThenIsOnTime()
    {
        var deadline = Cst("2026-09-15 18:20");

        new SlaClock(Response(), Cst("2026-09-15 17:50")).At(deadline).Outcome.ShouldBe(SlaOutcome.Breached);
        new SlaClock(Response(), Cst("2026-09-15 17:50"), stoppedAt: deadline).At(deadline).Outcome.ShouldBe(SlaOutcome.MetOnTime);
    }

    [Fact]
    public void StoppedLate_ReportsMetLate_AndStaysSoAfterwards()
    {
        var clock = new SlaClock(Response(), Cst("2026-09-15 17:50"), stoppedAt: Cst("2026-09-15 18:25"));

        foreach (var now in new[] { Cst("2026-09-15 18:25"), Cst("2026-09-20 09:00") })
        {
            var state = clock.At(now);
            state.Outcome.ShouldBe(SlaOutcome.MetLate);
            state.IsStopped.ShouldBeTrue();
            state.BreachedAt.ShouldBe(Cst("2026-09-15 18:20"));
            state.Used.ShouldBe(Minutes(35));
            state.Overdue.ShouldBe(Minutes(5));
            state.Colour.ShouldBe(SlaColour.Black);
        }
    }

    [Fact]
    public void StoppedInTime_ReportsMetOnTime_WithTheTimeUsed()
    {
        var state = new SlaClock(Response(), Cst("2026-09-15 18:10"), stoppedAt: Cst("2026-09-15 18:55")).At(Cst("2026-09-16 09:00"));

        state.Outcome.ShouldBe(SlaOutcome.MetOnTime);
        state.BreachedAt.ShouldBeNull();
        state.Used.ShouldBe(Minutes(45));
        state.Remaining.ShouldBe(Minutes(15));
    }

    [Fact]
    public void BeforeItsStop_AClockIsStillRunning()
    {
        var state = new SlaClock(Response(), Cst("2026-09-15 17:50"), stoppedAt: Cst("2026-09-15 18:25")).At(Cst("2026-09-15 18:00"));

        state.Outcome.ShouldBe(SlaOutcome.InProgress);
        state.Used.ShouldBe(Minutes(10));
    }

    [Fact]
    public void AStopDuringAnOpenPause_EndsThePauseThere()
    {
        var clock = new SlaClock(Repair(), Cst("2026-09-15 09:00"), [new SlaPause(Cst("2026-09-15 10:00"))], stoppedAt: Cst("2026-09-15 11:00"));

        var state = clock.At(Cst("2026-09-16 09:00"));

        state.Outcome.ShouldBe(SlaOutcome.MetOnTime);
        state.IsPaused.ShouldBeFalse();
        state.Used.ShouldBe(Hours(1));
    }

    [Fact]
    public void AZeroAllowance_IsDueAtTheStart()
    {
        var immediate = new SlaTarget(SlaTargetKind.Response, TimeSpan.Zero, BusinessCalendar.AlwaysWorking());

        new SlaClock(immediate, Cst("2026-09-15 09:00")).At(Cst("2026-09-15 09:01")).Outcome.ShouldBe(SlaOutcome.Breached);
        new SlaClock(immediate, Cst("2026-09-15 09:00"), stoppedAt: Cst("2026-09-15 09:00")).At(Cst("2026-09-15 09:01")).Outcome.ShouldBe(SlaOutcome.MetOnTime);
    }

    [Fact]
    public void BeforeItsStart_AClockHasUsedNothing()
    {
        var state = new SlaClock(Repair(), Cst("2026-09-15 09:00")).At(Cst("2026-09-15 08:00"));

        state.Used.ShouldBe(TimeSpan.Zero);
        state.Colour.ShouldBe(SlaColour.Green);
        state.Deadline.ShouldBe(Cst("2026-09-17 09:00"));
    }

    [Fact]
    public void OnACalendarWithoutWorkingTime_TheClockFailsClearly()
    {
        var target = new SlaTarget(SlaTargetKind.Resolution, Hours(8), new BusinessCalendar(new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>()));

        Should.Throw<NoWorkingTimeException>(() => new SlaClock(target, Cst("2026-09-15 09:00")).At(Cst("2026-09-15 10:00")));
    }

    [Theory]
    // Opened Friday 15:00, 20 working hours: yellow at 10 h (Monday 15:00), red at 16 h (Tuesday 11:00), due at 20 h (Tuesday 15:00).
    [InlineData("2026-09-18 15:00", "2026-09-18 16:00", "2026-09-21 15:00")]
    [InlineData("2026-09-18 15:00", "2026-09-19 10:00", "2026-09-21 15:00")] // over the weekend nothing changes
    [InlineData("2026-09-18 15:00", "2026-09-21 15:00", "2026-09-22 11:00")] // at the yellow instant the next is red
    [InlineData("2026-09-18 15:00", "2026-09-22 11:00", "2026-09-22 15:00")]
    // Red on Wednesday 30 September at 17:00; the National Day week does not count, so it falls due on Thursday 8 October.
    [InlineData("2026-09-29 10:00", "2026-09-30 17:00", "2026-10-08 10:00")]
    // Red on Friday 9 October; the make-up Saturday is a working day, so it falls due then.
    [InlineData("2026-10-08 10:00", "2026-10-09 17:00", "2026-10-10 10:00")]
    // Before its start: yellow after 10 working hours from Tuesday 09:00.
    [InlineData("2026-09-15 09:00", "2026-09-15 08:00", "2026-09-16 09:00")]
    public void NextChange_IsWhenTheColourTurnsOrTheTargetFallsDue_OnTheCalendar(string opened, string now, string next)
    {
        new SlaClock(Repair(), Cst(opened)).At(Cst(now)).NextChange.ShouldBe(Cst(next));
    }

    [Fact]
    public void NextChange_OnASevenByTwentyFourCalendar_AndWithAConfiguredRed()
    {
        var target = new SlaTarget(SlaTargetKind.Resolution, Hours(4), BusinessCalendar.AlwaysWorking());
        var clock = new SlaClock(target, Cst("2026-10-03 09:00"));

        clock.At(Cst("2026-10-03 09:30")).NextChange.ShouldBe(Cst("2026-10-03 11:00")); // half of 4 h
        clock.At(Cst("2026-10-03 11:00")).NextChange.ShouldBe(Cst("2026-10-03 12:12")); // 80 %: 3 h 12 min
        clock.At(Cst("2026-10-03 12:12")).NextChange.ShouldBe(Cst("2026-10-03 13:00"));
        new SlaClock(target, Cst("2026-10-03 09:00"), thresholds: new SlaColourThresholds(red: 0.9)).At(Cst("2026-10-03 11:30")).NextChange
            .ShouldBe(Cst("2026-10-03 12:36"));
    }

    [Fact]
    public void NextChange_FollowsAClosedPause()
    {
        // Waiting from Tuesday 17:00 to Wednesday 10:00; 10 h used at Wednesday 12:00, so red (16 h) comes at Wednesday 18:00.
        var clock = new SlaClock(Repair(), Cst("2026-09-15 09:00"), [new SlaPause(Cst("2026-09-15 17:00"), Cst("2026-09-16 10:00"))]);

        clock.At(Cst("2026-09-16 12:00")).NextChange.ShouldBe(Cst("2026-09-16 18:00"));
        clock.At(Cst("2026-09-16 18:00")).NextChange.ShouldBe(Cst("2026-09-17 12:00"));
    }

    [Fact]
    public void NextChange_IsNone_ForAPausedStoppedOrBreachedClock()
    {
        new SlaClock(Repair(), Cst("2026-09-18 09:00"), [new SlaPause(Cst("2026-09-18 16:00"))]).At(Cst("2026-09-21 11:00")).NextChange.ShouldBeNull();
        new SlaClock(Repair(), Cst("2026-09-15 09:00"), stoppedAt: Cst("2026-09-15 10:00")).At(Cst("2026-09-15 11:00")).NextChange.ShouldBeNull();
        new SlaClock(Repair(), Cst("2026-09-18 15:00")).At(Cst("2026-09-22 15:00")).NextChange.ShouldBeNull();
        // Until the stop has happened, the clock runs and its next change is ahead.
        new SlaClock(Repair(), Cst("2026-09-15 09:00"), stoppedAt: Cst("2026-09-15 10:00")).At(Cst("2026-09-15 09:30")).NextChange.ShouldBe(Cst("2026-09-16 09:00"));
    }

    [Fact]
    public void MistakenFacts_AreRefused()
    {
        Should.Throw<ArgumentException>(() => new SlaClock(Repair(), Cst("2026-09-15 09:00"), stoppedAt: Cst("2026-09-15 08:00")));
        Should.Throw<ArgumentException>(() => new SlaPause(Cst("2026-09-15 09:00"), Cst("2026-09-15 08:00")));
        Should.Throw<ArgumentOutOfRangeException>(() => new SlaTarget(SlaTargetKind.Response, Hours(-1), Office()));
        Should.Throw<ArgumentException>(() => new SlaColourThresholds(yellow: 0.9, red: 0.8));
    }
}
