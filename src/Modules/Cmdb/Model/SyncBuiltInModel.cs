using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Model;

/// <summary>
/// Seeds the shipped CI types and relation types that are missing, and adds to built-in types the
/// attributes a newer release ships (each once: an attribute an administrator later removes stays
/// removed). Never overwrites an administrator's changes.
/// </summary>
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

        await AddNewAttributesAsync(connection, tx);

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

    private static async Task AddNewAttributesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx)
    {
        var shipped = (await connection.QueryAsync<(string Type, string Name)>("SELECT type_code, name FROM cmdb_builtin_attributes", transaction: tx)).ToHashSet();
        foreach (var type in BuiltInModel.Types)
        {
            var fresh = type.Attributes.Where(a => !shipped.Contains((type.Code, a.Name))).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }

            var stored = await connection.QueryFirstOrDefaultAsync<string>("SELECT attribute_schema FROM cmdb_ci_types WHERE code = @Code", new { type.Code }, tx);
            if (stored is not null)
            {
                var schema = AttributeDefinition.ParseSchema(stored);
                var missing = fresh.Where(a => schema.All(s => s.Name != a.Name)).ToList();
                if (missing.Count > 0)
                {
                    schema.AddRange(missing);
                    await connection.ExecuteAsync("UPDATE cmdb_ci_types SET attribute_schema = @schema, version = version + 1 WHERE code = @Code",
                        new { schema = AttributeDefinition.WriteSchema(schema), type.Code }, tx);
                }
            }

            foreach (var a in fresh)
            {
                await connection.ExecuteAsync("INSERT INTO cmdb_builtin_attributes (type_code, name) VALUES (@Code, @Name)", new { type.Code, a.Name }, tx);
            }
        }
    }
}
