using HospitalOps.Cmdb.Model;

namespace HospitalOps.Cmdb.Types;

public sealed record CiTypeDto(string Code, string NameZh, string NameEn, string Layer, IReadOnlyList<AttributeDefinition> AttributeSchema, bool Builtin, long Count, int Version);
