using Dapper;

namespace HospitalOps.Kernel.Data;

/// <summary>
/// "IN (…)" lists that work on both engines: Dapper expands a list parameter on SQLite but
/// passes it as an array on PostgreSQL, so lists are spelled out as numbered parameters.
/// </summary>
public static class SqlIn
{
    /// <summary>Adds one parameter per value to <paramref name="args"/> and returns "(@name0, @name1, …)".</summary>
    public static string List<T>(string name, IReadOnlyCollection<T> values, DynamicParameters args)
    {
        if (values.Count == 0)
        {
            return "(NULL)";
        }

        var i = 0;
        var names = new List<string>(values.Count);
        foreach (var value in values)
        {
            var parameter = name + i++;
            args.Add(parameter, value);
            names.Add("@" + parameter);
        }

        return "(" + string.Join(", ", names) + ")";
    }
}
