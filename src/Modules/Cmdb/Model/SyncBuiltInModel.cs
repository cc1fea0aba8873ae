using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Model;

/// <summary>Seeds the shipped CI types and relation types that are missing; never overwrites an administrator's changes.</summary>
internal sealed class SyncBuiltInModel(Databases databases) : IStartupTask
{
    public int Order => 100;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var type in BuiltInModel.Types)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO cmdb_ci_types (code, name_zh, name_en, layer, attribute_schema, builtin)
                SELECT @Code, @NameZh, @NameEn, @Layer, @schema, @yes
                WHERE NOT EXISTS (SELECT 1 FROM cmdb_ci_types WHERE code = @Code)
                """,
                new { type.Code, type.NameZh, type.NameEn, type.Layer, schema = AttributeDefinition.WriteSchema(type.Attributes), yes = true }, tx);
        }

        foreach (var r in BuiltInModel.RelationTypes)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO cmdb_relation_types (code, name_zh, name_en, inverse_zh, inverse_en, source_types, target_types, cardinality, acyclic, availability, builtin)
                SELECT @Code, @NameZh, @NameEn, @InverseZh, @InverseEn, @SourceTypes, @TargetTypes, @Cardinality, @Acyclic, @Availability, @yes
                WHERE NOT EXISTS (SELECT 1 FROM cmdb_relation_types WHERE code = @Code)
                """,
                new { r.Code, r.NameZh, r.NameEn, r.InverseZh, r.InverseEn, r.SourceTypes, r.TargetTypes, r.Cardinality, r.Acyclic, r.Availability, yes = true }, tx);
        }

        await tx.CommitAsync(ct);
    }
}
