namespace HospitalOps.ServiceDesk.Sla;

/// <summary>The business calendars SLA policies name, as the clocks use them (working periods, holidays and make-up days applied).</summary>
internal interface ISlaCalendarSource
{
    /// <summary>The calendar with this id, or null when there is none.</summary>
    Task<BusinessCalendar?> GetAsync(long calendarId, CancellationToken ct);
}
