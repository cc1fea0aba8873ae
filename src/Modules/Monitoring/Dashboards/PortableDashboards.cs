using System.Text.Json.Nodes;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>Export and import as a JSON document, and "copy to my dashboards" (how a built-in one is customised).</summary>
internal static class PortableDashboards
{
    internal static async Task<IResult> ExportEndpoint(string uid, HttpContext context, Databases databases, CancellationToken ct)
    {
        var dashboard = await ReadAsync(uid, context, databases, ct);
        var document = new DashboardDocument(DashboardDocument.CurrentFormat, dashboard.Title, dashboard.Description, dashboard.Tags, dashboard.Definition);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"dashboard-{uid}.json\"";
        return Results.Ok(document);
    }

    internal static async Task<IResult> ImportEndpoint(DashboardDocument? document, HttpContext context, SaveDashboard save, CancellationToken ct)
    {
        if (document is null || document.Format != DashboardDocument.CurrentFormat)
        {
            throw AppProblem.Invalid("format", "unknown_dashboard_format");
        }

        var saved = await save.CreateAsync(new SaveDashboardRequest(document.Title, document.Description, document.Tags, false, document.Definition, null), CurrentUser.Of(context), ct);
        return Results.Created($"/api/v1/dashboards/{saved.Uid}", saved);
    }

    internal static async Task<IResult> CopyEndpoint(string uid, HttpContext context, Databases databases, SaveDashboard save, CancellationToken ct)
    {
        var source = await ReadAsync(uid, context, databases, ct);
        var title = RequestLanguage.Of(context) == RequestLanguage.Chinese ? $"{source.Title}（副本）" : $"{source.Title} (copy)";
        var saved = await save.CreateAsync(new SaveDashboardRequest(title.Length > 200 ? title[..200] : title, source.Description, source.Tags, false, (JsonObject)source.Definition.DeepClone(), null), CurrentUser.Of(context), ct);
        return Results.Created($"/api/v1/dashboards/{saved.Uid}", saved);
    }

    private static async Task<DashboardDto> ReadAsync(string uid, HttpContext context, Databases databases, CancellationToken ct)
    {
        if (BuiltInDashboards.Find(uid, RequestLanguage.Of(context)) is { } builtIn)
        {
            return builtIn;
        }

        var user = CurrentUser.Of(context);
        await using var connection = await databases.Config.OpenAsync(ct);
        return DashboardStore.ToDto(await DashboardStore.VisibleAsync(connection, uid, user), user);
    }
}
