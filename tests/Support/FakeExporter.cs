using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Tests.Support;

/// <summary>An HTTP endpoint on a free loopback port whose answer each test sets: an honest exposition, or something hostile.</summary>
public sealed class FakeExporter : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeExporter(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = address.TrimEnd('/') + "/metrics";
    }

    public string Url { get; }

    /// <summary>What /metrics answers; replace it between collections.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = context => context.Response.WriteAsync(string.Empty);

    public int Requests { get; private set; }

    public static async Task<FakeExporter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeExporter? exporter = null;
        app.Map("/metrics", async context =>
        {
            exporter!.Requests++;
            await exporter.Handler(context);
        });
        await app.StartAsync();
        exporter = new FakeExporter(app);
        return exporter;
    }

    public void Serve(string body, string contentType = "text/plain; version=0.0.4", HttpStatusCode status = HttpStatusCode.OK) =>
        Handler = async context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
