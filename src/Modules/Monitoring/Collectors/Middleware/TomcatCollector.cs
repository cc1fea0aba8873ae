using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Middleware;

/// <summary>
/// Reads JVM memory and per-connector thread and request counters from Tomcat's manager
/// (<c>/manager/status?XML=true</c>, needs the manager-status role). The XML is parsed with DTDs
/// prohibited and no resolver (no XXE, no entity expansion).
/// </summary>
internal sealed class TomcatCollector : IDisposable
{
    private const string StatusPath = "manager/status?XML=true";

    private readonly MiddlewareHttpClient _http;

    public TomcatCollector(MiddlewareEndpoint endpoint) => _http = new MiddlewareHttpClient(endpoint);

    /// <summary>One collection; throws <see cref="CollectionFailure"/> when the status could not be read.</summary>
    public Task<SampleBatch> CollectAsync(CancellationToken cancellationToken) =>
        _http.WithDeadlineAsync(CollectCoreAsync, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<SampleBatch> CollectCoreAsync(CancellationToken cancellationToken)
    {
        var body = await _http.GetAsync(StatusPath, "application/xml, text/xml", cancellationToken).ConfigureAwait(false);
        var status = Parse(body).Root;
        if (status is null || status.Name.LocalName != "status")
        {
            throw Malformed("the root element is not <status>");
        }
        var samples = new SampleBatch();
        if (status.Element("jvm")?.Element("memory") is { } memory)
        {
            AddNumber(samples, "tomcat_jvm_memory_free_bytes", memory, "free");
            AddNumber(samples, "tomcat_jvm_memory_total_bytes", memory, "total");
            AddNumber(samples, "tomcat_jvm_memory_max_bytes", memory, "max");
        }
        foreach (var connector in status.Elements("connector"))
        {
            // Tomcat writes the name with quotes: name="&quot;http-nio-8080&quot;".
            var name = connector.Attribute("name")?.Value.Trim('"');
            if (string.IsNullOrEmpty(name))
            {
                throw Malformed("a <connector> has no name");
            }
            var label = new Label("connector", name);
            if (connector.Element("threadInfo") is { } threads)
            {
                AddNumber(samples, "tomcat_threads_max", threads, "maxThreads", label);
                AddNumber(samples, "tomcat_threads_current", threads, "currentThreadCount", label);
                AddNumber(samples, "tomcat_threads_busy", threads, "currentThreadsBusy", label);
            }
            if (connector.Element("requestInfo") is { } requests)
            {
                AddNumber(samples, "tomcat_requests_total", requests, "requestCount", label);
                AddNumber(samples, "tomcat_request_errors_total", requests, "errorCount", label);
                AddNumber(samples, "tomcat_request_processing_seconds_total", requests, "processingTime", label, scale: 0.001);
                AddNumber(samples, "tomcat_request_max_seconds", requests, "maxTime", label, scale: 0.001);
                AddNumber(samples, "tomcat_sent_bytes_total", requests, "bytesSent", label);
                AddNumber(samples, "tomcat_received_bytes_total", requests, "bytesReceived", label);
            }
        }
        return samples;
    }

    private XDocument Parse(byte[] body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw Malformed(e.Message);
        }
    }

    private void AddNumber(SampleBatch samples, string metric, XElement element, string attribute, Label? label = null, double scale = 1)
    {
        if (element.Attribute(attribute)?.Value is not { } text)
        {
            return;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Malformed($"{element.Name.LocalName}/@{attribute} is not a number: '{Shorten(text)}'");
        }
        if (label is { } l)
        {
            samples.Add(metric, value * scale, l);
        }
        else
        {
            samples.Add(metric, value * scale);
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private CollectionFailure Malformed(string reason) =>
        new(MiddlewareErrors.Malformed, ("target", _http.Target), ("reason", reason));
}
