using System.Globalization;
using System.Net;
using System.Text.Json;
using HospitalOps.Monitoring.Import;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Prometheus;

/// <summary>
/// The Prometheus-compatible API driven the way Grafana's Prometheus data source drives it (the request shapes in
/// tests/fixtures/grafana), with an API token, over data of known shape: two counters growing at 2/s and 5/s.
/// </summary>
public sealed class GrafanaDataSourceTests : IAsyncLifetime
{
    private readonly Dictionary<string, (HttpStatusCode Status, JsonElement Body)> _responses = [];
    private readonly Dictionary<string, (long? Declared, int Received)> _lengths = [];
    private TestHost _host = null!;
    private long _start;
    private long _end;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
        var admin = await _host.AdminAsync();
        _end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        _start = _end - 3600;
        var file = Path.Combine(_host.DataDir, "grafana.om");
        var lines = new List<string> { "# TYPE grafana_requests counter", "# HELP grafana_requests Requests served." };
        for (var t = _start - 600; t <= _end; t += 15)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"grafana_requests_total{{path=\"/a\"}} {2 * (t - _start + 600)} {t}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"grafana_requests_total{{path=\"/b\"}} {5 * (t - _start + 600)} {t}"));
        }

        lines.Add("# EOF");
        await File.WriteAllLinesAsync(file, lines);
        (await _host.Services.GetRequiredService<OpenMetricsImport>().RunAsync(file, _ => { }, CancellationToken.None)).Imported.ShouldBeTrue();

        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await RemoteWriteReceiverTests.TokenAsync(admin));
        using var shapes = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "grafana", "prometheus-datasource-requests.json")));
        foreach (var header in shapes.RootElement.GetProperty("headers").EnumerateObject())
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        foreach (var request in shapes.RootElement.GetProperty("requests").EnumerateArray())
        {
            var path = request.GetProperty("path").GetString()!;
            if (request.TryGetProperty("query", out var query))
            {
                path += "?" + string.Join("&", query.EnumerateObject().Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(Fill(p.Value.GetString()!))));
            }

            using var message = new HttpRequestMessage(new HttpMethod(request.GetProperty("method").GetString()!), path);
            if (request.TryGetProperty("form", out var form))
            {
                message.Content = new FormUrlEncodedContent(form.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Fill(p.Value.GetString()!))));
            }

            var response = await http.SendAsync(message);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var name = request.GetProperty("name").GetString()!;
            _responses[name] = (response.StatusCode, JsonDocument.Parse(bytes).RootElement.Clone());
            _lengths[name] = (response.Content.Headers.ContentLength, bytes.Length);
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Answers_AndErrors_DeclareTheirExactLength()
    {
        _lengths.Count.ShouldBe(_responses.Count);
        foreach (var (name, (declared, received)) in _lengths)
        {
            declared.ShouldBe(received, name);
        }
    }

    [Fact]
    public void HealthCheck_AndBuildInfo_AreWhatGrafanaChecks()
    {
        var health = Success("health check");
        health.GetProperty("resultType").GetString().ShouldBe("scalar");
        health.GetProperty("result")[1].GetString().ShouldBe("2");
        Success("build info").GetProperty("version").GetString().ShouldStartWith("2.42");
    }

    [Fact]
    public void MetricAndLabelBrowser_ListNamesValuesSeriesAndMetadata()
    {
        Strings("metric names").ShouldContain("grafana_requests_total");
        Strings("label names").ShouldBe(Strings("label names").Order(StringComparer.Ordinal).ToList());
        Strings("label names of a metric").ShouldBe(["__name__", "path"]);
        Strings("label values of a metric").ShouldBe(["/a", "/b"]);
        var series = Success("series").EnumerateArray().Select(s => s.GetProperty("path").GetString()).ToList();
        series.ShouldBe(["/a", "/b"]);
        var metadata = Success("metadata").GetProperty("grafana_requests")[0];
        metadata.GetProperty("type").GetString().ShouldBe("counter");
        metadata.GetProperty("help").GetString().ShouldBe("Requests served.");
    }

    [Fact]
    public void RangeQuery_ReturnsAMatrixAtEveryStep_WithTheRates()
    {
        var data = Success("range query");
        data.GetProperty("resultType").GetString().ShouldBe("matrix");
        var result = data.GetProperty("result").EnumerateArray().ToList();
        result.Select(r => r.GetProperty("metric").GetProperty("path").GetString()).ShouldBe(["/a", "/b"]);
        foreach (var (series, rate) in result.Zip([2.0, 5.0]))
        {
            var values = series.GetProperty("values").EnumerateArray().ToList();
            values.Count.ShouldBe((int)((_end - _start) / 60) + 1);
            values[0][0].GetDouble().ShouldBe(_start);
            values[^1][0].GetDouble().ShouldBe(_end);
            values.ShouldAllBe(v => Math.Abs(double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture) - rate) < 1e-9);
        }
    }

    [Fact]
    public void InstantQuery_ReturnsAVectorWithLabels_AndExemplarsAreEmpty()
    {
        var data = Success("table instant query");
        data.GetProperty("resultType").GetString().ShouldBe("vector");
        var values = data.GetProperty("result").EnumerateArray().ToDictionary(r => r.GetProperty("metric").GetProperty("path").GetString()!, r => r.GetProperty("value"));
        values["/a"][0].GetDouble().ShouldBe(_end);
        values["/a"][1].GetString().ShouldBe((2 * (_end - _start + 600)).ToString(CultureInfo.InvariantCulture));
        values["/b"][1].GetString().ShouldBe((5 * (_end - _start + 600)).ToString(CultureInfo.InvariantCulture));
        Success("exemplars").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Errors_UsePrometheusTypesAndWords()
    {
        var (status, body) = _responses["bad query"];
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("status").GetString().ShouldBe("error");
        body.GetProperty("errorType").GetString().ShouldBe("bad_data");
        body.GetProperty("error").GetString()!.ShouldContain("parse error");

        (status, body) = _responses["zero step"];
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
    }

    [Fact]
    public async Task Selectors_UseRe2RegexSpelling_AndAnchorAtTheVeryEnd()
    {
        var admin = await _host.AdminAsync();
        async Task<List<string>> PathsAsync(string selector)
        {
            var json = await (await admin.GetAsync($"/prometheus/api/v1/query?query={Uri.EscapeDataString(selector)}&time={_end}")).JsonAsync();
            json.GetProperty("status").GetString().ShouldBe("success", json.ToString());
            return json.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("path").GetString()!).Order().ToList();
        }

        (await PathsAsync("grafana_requests_total{path=~\"(?P<page>/a)\"}")).ShouldBe(["/a"]);
        (await PathsAsync("grafana_requests_total{path!~\"/(?P<x>a)\"}")).ShouldBe(["/b"]);
        (await PathsAsync("grafana_requests_total{path=~\"/.\"}")).ShouldBe(["/a", "/b"]);
    }

    private JsonElement Success(string name)
    {
        var (status, body) = _responses[name];
        status.ShouldBe(HttpStatusCode.OK, $"{name}: {body}");
        body.GetProperty("status").GetString().ShouldBe("success");
        return body.GetProperty("data");
    }

    private List<string> Strings(string name) => Success(name).EnumerateArray().Select(e => e.GetString()!).ToList();

    private string Fill(string value) => value
        .Replace("{start}", _start.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{end}", _end.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{time}", _end.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{step}", "60", StringComparison.Ordinal);
}
