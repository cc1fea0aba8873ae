namespace HospitalOps.Alerting.Baselines;

/// <summary>What a profile expects at one instant: a robust centre and the band of normal values around it.</summary>
internal readonly record struct ExpectedBand(double Centre, double Spread, double Low, double High)
{
    public bool Contains(double value) => value >= Low && value <= High;
}
