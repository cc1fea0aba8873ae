namespace HospitalOps.Monitoring.Scrape;

/// <summary>An exposition body as fetched (already decompressed), and whether it is OpenMetrics.</summary>
internal sealed record ScrapedBody(byte[] Bytes, int Length, bool OpenMetrics)
{
    public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, Length);
}
