using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

public sealed class ExpositionContentTypeTests
{
    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("Application/OpenMetrics-Text", ExpositionFormat.OpenMetrics)]
    [InlineData(" application/openmetrics-text ", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("application/json", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-textx", ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData(";;;", ExpositionFormat.PrometheusText)]
    public void Detect_ContentType_ChoosesTheFormat(string? contentType, object expected)
    {
        ExpositionContentType.Detect(contentType).ShouldBe((ExpositionFormat)expected);
    }
}
