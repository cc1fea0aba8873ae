namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>What one accepted probe found: the acknowledgement and the time from sending to its last byte.</summary>
internal sealed record Hl7RoundTrip(string ControlId, Hl7Acknowledgement Acknowledgement, TimeSpan Duration);
