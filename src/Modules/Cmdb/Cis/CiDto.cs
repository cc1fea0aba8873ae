using System.Text.Json.Nodes;

namespace HospitalOps.Cmdb.Cis;

public sealed record CiDto(long Id, string Type, string Code, string Name, JsonObject Attributes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);
