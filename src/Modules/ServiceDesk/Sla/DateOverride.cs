namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// A date whose working time differs from its weekday's, as published per year: a public holiday (no working time),
/// or a make-up working day (调休), usually a weekend date, that works with the periods of <see cref="WorksAs"/>.
/// </summary>
internal sealed record DateOverride(DateOnly Date, DateOverrideKind Kind, DayOfWeek WorksAs = DayOfWeek.Monday, string? Name = null)
{
    public static DateOverride Holiday(DateOnly date, string? name = null) => new(date, DateOverrideKind.Holiday, Name: name);

    /// <summary>A make-up working day; by default it works as a Monday (the common working periods).</summary>
    public static DateOverride MakeUpWorkday(DateOnly date, DayOfWeek worksAs = DayOfWeek.Monday, string? name = null) =>
        new(date, DateOverrideKind.MakeUpWorkday, worksAs, name);
}

/// <summary>What a <see cref="DateOverride"/> does to its date.</summary>
internal enum DateOverrideKind
{
    /// <summary>Public holiday (法定节假日): no working time all day.</summary>
    Holiday,

    /// <summary>Make-up working day (调休上班): the periods of another weekday.</summary>
    MakeUpWorkday,
}
