using System.IO.Compression;
using HospitalOps.Bench.SyntheticExporter;

// Usage: dotnet SyntheticExporter.dll --urls http://127.0.0.1:PORT [--endpoints 4] [--series 50000]
// Serves /metrics/0 … /metrics/{endpoints-1}. Every request to an endpoint advances that endpoint's
// values by one step from a fixed seed, so two scrapers that each scrape every endpoint once per
// interval see the same value sequence. /stats reports the requests served and bytes written.
var endpoints = Arg("--endpoints", 4);
var seriesPerEndpoint = Arg("--series", 50_000);

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxResponseBufferSize = null);
var app = builder.Build();

var bodies = Enumerable.Range(0, endpoints).Select(i => new SyntheticBody(seriesPerEndpoint, seed: 1000 + i)).ToArray();
long requests = 0, bytesOut = 0;

app.MapGet("/metrics/{index:int}", async (int index, HttpContext http) =>
{
    if (index < 0 || index >= bodies.Length)
    {
        return Results.NotFound();
    }

    var body = bodies[index];
    var gzip = http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
    http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
    Interlocked.Increment(ref requests);
    await body.Gate.WaitAsync(http.RequestAborted);
    try
    {
        var length = body.Render();
        Interlocked.Add(ref bytesOut, length);
        if (gzip)
        {
            http.Response.Headers.ContentEncoding = "gzip";
            await using var zip = new GZipStream(http.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await zip.WriteAsync(body.Buffer.AsMemory(0, length), http.RequestAborted);
        }
        else
        {
            http.Response.ContentLength = length;
            await http.Response.Body.WriteAsync(body.Buffer.AsMemory(0, length), http.RequestAborted);
        }
    }
    finally
    {
        body.Gate.Release();
    }

    return Results.Empty;
});
app.MapGet("/stats", () => Results.Ok(new { requests = Interlocked.Read(ref requests), bytes = Interlocked.Read(ref bytesOut), endpoints, seriesPerEndpoint, lines = bodies[0].Lines }));
app.Run();

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
