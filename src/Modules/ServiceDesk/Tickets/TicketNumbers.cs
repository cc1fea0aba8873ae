using System.Data.Common;
using System.Globalization;
using Dapper;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>Ticket numbers as people read them out on the phone: the type's prefix, the local date and a daily sequence (<c>INC-20261122-0007</c>).</summary>
internal static class TicketNumbers
{
    public static async Task<string> NextAsync(DbConnection connection, DbTransaction tx, string prefix, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var day = TimeZoneInfo.ConvertTime(now, zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{prefix}-{day}";
        var value = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO sd_number_counters (scope, last_value) VALUES (@scope, 1)
            ON CONFLICT (scope) DO UPDATE SET last_value = sd_number_counters.last_value + 1
            RETURNING last_value
            """, new { scope }, tx, cancellationToken: ct));
        return $"{scope}-{value.ToString("D4", CultureInfo.InvariantCulture)}";
    }
}
