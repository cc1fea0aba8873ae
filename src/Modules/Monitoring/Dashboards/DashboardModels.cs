using System.Text.Json.Nodes;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>A dashboard in a list: built-in ones (read-only), the user's own, and those others shared.</summary>
public sealed record DashboardSummary(string Uid, string Title, string Description, IReadOnlyList<string> Tags, bool BuiltIn, bool Shared, string Owner, bool Mine, int Version, DateTimeOffset? UpdatedAt);

/// <summary>A dashboard with its definition: time range, refresh, variables and panels (see docs/dashboards.md).</summary>
public sealed record DashboardDto(string Uid, string Title, string Description, IReadOnlyList<string> Tags, bool BuiltIn, bool Shared, string Owner, bool Mine, bool CanEdit, int Version, DateTimeOffset? UpdatedAt, JsonObject Definition);

public sealed record SaveDashboardRequest(string? Title, string? Description, IReadOnlyList<string>? Tags, bool? Shared, JsonObject? Definition, int? Version);

/// <summary>The portable form of a dashboard, for export and import.</summary>
public sealed record DashboardDocument(string Format, string Title, string Description, IReadOnlyList<string> Tags, JsonObject Definition)
{
    public const string CurrentFormat = "hospitalops-dashboard/1";
}

internal sealed class DashboardRow
{
    public const string Select = "SELECT id, uid, title, description, tags, owner_id AS OwnerId, owner_name AS OwnerName, shared, definition, created_at AS CreatedAt, updated_at AS UpdatedAt, version FROM monitoring_dashboards";

    public long Id { get; init; }

    public string Uid { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public string Tags { get; init; } = "[]";

    public long OwnerId { get; init; }

    public string OwnerName { get; init; } = string.Empty;

    public bool Shared { get; init; }

    public string Definition { get; init; } = "{}";

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }
}
