namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// A calendar has no working time where some was needed: none at all, or none within the search horizon
/// (<see cref="BusinessCalendar.SearchHorizon"/>) after the instant asked about. A target on such a calendar never ends.
/// </summary>
internal sealed class NoWorkingTimeException(string message) : InvalidOperationException(message);
