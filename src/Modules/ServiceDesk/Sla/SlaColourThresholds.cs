namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// The share of a target's time used from which a clock turns yellow and red (black is always "breached").
/// By default yellow from half the time, red from 80 %.
/// </summary>
internal sealed record SlaColourThresholds
{
    public SlaColourThresholds(double yellow = 0.5, double red = 0.8)
    {
        if (!(yellow > 0 && yellow <= red && red <= 1))
        {
            throw new ArgumentException($"Colour thresholds must satisfy 0 < yellow ≤ red ≤ 1 (yellow {yellow}, red {red}).");
        }

        Yellow = yellow;
        Red = red;
    }

    public static SlaColourThresholds Default { get; } = new();

    public double Yellow { get; }

    public double Red { get; }
}
