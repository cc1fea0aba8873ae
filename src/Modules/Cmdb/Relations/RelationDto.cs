using System.Text.Json.Nodes;

namespace HospitalOps.Cmdb.Relations;

/// <summary>A relation, with both ends named so a list needs no second lookup.</summary>
public sealed record RelationDto(long Id, string Type, long SourceId, string SourceName, string SourceType, long TargetId, string TargetName, string TargetType, JsonObject Attributes, DateTimeOffset CreatedAt);
