using System.Text.Json;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Middleware;

/// <summary>
/// Reads server, thread pool, JVM and JDBC data source state of every running server of a
/// WebLogic domain through the RESTful management API (12.2.1 / 14.1, "items" format), asking
/// the admin server's domainRuntime. A sub-resource a server does not have (404) is skipped.
/// </summary>
internal sealed class WebLogicCollector : IDisposable
{
    private const string Root = "management/weblogic/latest/domainRuntime/serverRuntimes";
    private const string Json = "application/json";

    private readonly MiddlewareHttpClient _http;

    public WebLogicCollector(MiddlewareEndpoint endpoint) => _http = new MiddlewareHttpClient(endpoint);

    /// <summary>One collection; throws <see cref="CollectionFailure"/> when the domain could not be read.</summary>
    public Task<SampleBatch> CollectAsync(CancellationToken cancellationToken) =>
        _http.WithDeadlineAsync(CollectCoreAsync, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<SampleBatch> CollectCoreAsync(CancellationToken cancellationToken)
    {
        var samples = new SampleBatch();
        var servers = await GetJsonAsync(Root + "?links=none&fields=name,state,openSocketsCurrentCount", cancellationToken).ConfigureAwait(false);
        foreach (var server in Items(servers))
        {
            var name = RequiredString(server, "name");
            var serverLabel = new Label("server", name);
            var state = OptionalString(server, "state") ?? "UNKNOWN";
            samples.Add("weblogic_server_state", state == "RUNNING", serverLabel, new Label("state", state));
            AddNumber(samples, "weblogic_open_sockets", server, "openSocketsCurrentCount", serverLabel);

            var serverPath = Root + "/" + Uri.EscapeDataString(name);
            var threadPool = await GetOptionalJsonAsync(serverPath + "/threadPoolRuntime?links=none&fields=" +
                "hoggingThreadCount,stuckThreadCount,executeThreadIdleCount,executeThreadTotalCount," +
                "pendingUserRequestCount,completedRequestCount,queueLength", cancellationToken).ConfigureAwait(false);
            if (threadPool is { } pool)
            {
                AddNumber(samples, "weblogic_threadpool_hogging_threads", pool, "hoggingThreadCount", serverLabel);
                AddNumber(samples, "weblogic_threadpool_stuck_threads", pool, "stuckThreadCount", serverLabel);
                AddNumber(samples, "weblogic_threadpool_idle_threads", pool, "executeThreadIdleCount", serverLabel);
                AddNumber(samples, "weblogic_threadpool_total_threads", pool, "executeThreadTotalCount", serverLabel);
                AddNumber(samples, "weblogic_threadpool_pending_requests", pool, "pendingUserRequestCount", serverLabel);
                AddNumber(samples, "weblogic_threadpool_completed_requests_total", pool, "completedRequestCount", serverLabel);
                AddNumber(samples, "weblogic_threadpool_queue_length", pool, "queueLength", serverLabel);
            }

            var jvm = await GetOptionalJsonAsync(serverPath + "/JVMRuntime?links=none&fields=heapFreeCurrent,heapSizeCurrent,heapSizeMax",
                cancellationToken).ConfigureAwait(false);
            if (jvm is { } heap)
            {
                AddNumber(samples, "weblogic_jvm_heap_free_bytes", heap, "heapFreeCurrent", serverLabel);
                AddNumber(samples, "weblogic_jvm_heap_size_bytes", heap, "heapSizeCurrent", serverLabel);
                AddNumber(samples, "weblogic_jvm_heap_max_bytes", heap, "heapSizeMax", serverLabel);
            }

            var dataSources = await GetOptionalJsonAsync(serverPath + "/JDBCServiceRuntime/JDBCDataSourceRuntimeMBeans?links=none&fields=" +
                "name,state,activeConnectionsCurrentCount,activeConnectionsHighCount,waitingForConnectionCurrentCount,leakedConnectionCount",
                cancellationToken).ConfigureAwait(false);
            if (dataSources is { } jdbc)
            {
                foreach (var dataSource in Items(jdbc))
                {
                    var dataSourceLabel = new Label("datasource", RequiredString(dataSource, "name"));
                    var dataSourceState = OptionalString(dataSource, "state") ?? "Unknown";
                    samples.Add("weblogic_datasource_state", dataSourceState == "Running", serverLabel, dataSourceLabel, new Label("state", dataSourceState));
                    AddNumber(samples, "weblogic_datasource_active_connections", dataSource, "activeConnectionsCurrentCount", serverLabel, dataSourceLabel);
                    AddNumber(samples, "weblogic_datasource_active_connections_high", dataSource, "activeConnectionsHighCount", serverLabel, dataSourceLabel);
                    AddNumber(samples, "weblogic_datasource_waiting_for_connection", dataSource, "waitingForConnectionCurrentCount", serverLabel, dataSourceLabel);
                    AddNumber(samples, "weblogic_datasource_leaked_connections_total", dataSource, "leakedConnectionCount", serverLabel, dataSourceLabel);
                }
            }
        }
        return samples;
    }

    private async Task<JsonElement> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        Parse(await _http.GetAsync(pathAndQuery, Json, cancellationToken).ConfigureAwait(false));

    private async Task<JsonElement?> GetOptionalJsonAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        await _http.GetOptionalAsync(pathAndQuery, Json, cancellationToken).ConfigureAwait(false) is { } body ? Parse(body) : null;

    private JsonElement Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw Malformed("expected a JSON object, got " + document.RootElement.ValueKind);
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message);
        }
    }

    private IEnumerable<JsonElement> Items(JsonElement collection) =>
        collection.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object ? item : throw Malformed("an item is not an object"))
            : throw Malformed("no \"items\" array");

    private string RequiredString(JsonElement item, string property) =>
        OptionalString(item, property) is { Length: > 0 } value ? value : throw Malformed($"an item has no \"{property}\"");

    private string? OptionalString(JsonElement item, string property) =>
        !item.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Malformed($"\"{property}\" is not a string");

    private void AddNumber(SampleBatch samples, string metric, JsonElement item, string property, params Label[] labels)
    {
        if (!item.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        samples.Add(metric, value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Malformed($"\"{property}\" is not a number"), labels);
    }

    private CollectionFailure Malformed(string reason) =>
        new(MiddlewareErrors.Malformed, ("target", _http.Target), ("reason", reason));
}
