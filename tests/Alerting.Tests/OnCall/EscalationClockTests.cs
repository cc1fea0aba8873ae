using HospitalOps.Alerting.Escalation;

namespace HospitalOps.Alerting.Tests.OnCall;

/// <summary>When escalations fall due: levels at their delays, then the last level repeated; missed moments collapse into the latest.</summary>
public sealed class EscalationClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private static readonly EscalationStep[] Steps = [new(10, ["zhang"], null, [1]), new(30, ["lead"], null, [1])];

    [Theory]
    [InlineData(9, -1, null, null)]
    [InlineData(10, -1, 0, 0)]
    [InlineData(29, 0, null, null)]
    [InlineData(30, 0, 1, 1)]
    [InlineData(44, 1, null, null)]
    [InlineData(45, 1, 2, 1)]
    [InlineData(60, 2, 3, 1)]
    [InlineData(61, -1, 3, 1)] // the sweeper was away: only the latest moment is sent
    public void Due(int minutes, int done, int? seq, int? step)
    {
        var due = EscalationClock.Due(Steps, 15, T0, done, T0.AddMinutes(minutes));
        due?.Seq.ShouldBe(seq!.Value);
        due?.Step.ShouldBe(step!.Value);
        (due is null).ShouldBe(seq is null);
    }

    [Fact]
    public void WithoutRepeat_TheLastLevelIsTheEnd() =>
        EscalationClock.Due(Steps, null, T0, 1, T0.AddHours(5)).ShouldBeNull();
}
