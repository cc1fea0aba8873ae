using System.Globalization;
using System.Text;
using Dapper;

namespace HospitalOps.Kernel.Data;

/// <summary>
/// "IN (…)" lists that work on both engines: Dapper expands a list parameter on SQLite but
/// passes it as an array on PostgreSQL, so lists are spelled out.
/// </summary>
public static class SqlIn
{
    /// <summary>
    /// "(1, 2, …)" for integer ids, written into the SQL as literals: a number cannot carry SQL, and binding hundreds of
    /// named parameters costs SQLite a scan of every name per lookup. Other values get one parameter each in
    /// <paramref name="args"/>: "(@name0, @name1, …)".
    /// </summary>
    public static string List<T>(string name, IReadOnlyCollection<T> values, DynamicParameters args)
    {
        if (values.Count == 0)
        {
            return "(NULL)";
        }

        if (values is IReadOnlyCollection<long> longs)
        {
            return Literals(longs);
        }

        if (values is IReadOnlyCollection<int> ints)
        {
            return Literals(ints.Select(i => (long)i).ToList());
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

    private static string Literals(IReadOnlyCollection<long> values)
    {
        var sql = new StringBuilder(2 + (values.Count * 8));
        sql.Append('(');
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                sql.Append(',');
            }

            sql.Append(value.ToString(CultureInfo.InvariantCulture));
            first = false;
        }

        return sql.Append(')').ToString();
    }
}
