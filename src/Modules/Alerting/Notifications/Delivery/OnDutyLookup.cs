using System.Data.Common;
using Dapper;
using HospitalOps.Alerting.OnCall;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>The people a notification names: users given by name, and whoever a roster has on duty at the time, with their contacts.</summary>
internal sealed class OnDutyLookup(DbConnection connection, IUserDirectory users, TimeZoneInfo zone)
{
    private readonly Dictionary<long, OnCallRoster?> _rosters = [];

    public async Task<List<UserContact>> PeopleAsync(IReadOnlyList<string> named, long? scheduleId, DateTimeOffset at, CancellationToken ct)
    {
        var names = named.ToList();
        if (scheduleId is { } id)
        {
            if (!_rosters.TryGetValue(id, out var roster))
            {
                roster = (await connection.QuerySingleOrDefaultAsync<OnCallScheduleRow>(new CommandDefinition(
                    $"SELECT {OnCallScheduleRow.Columns} FROM oncall_schedules WHERE id = @id", new { id }, cancellationToken: ct)))?.Roster;
                _rosters[id] = roster;
            }

            if (roster?.OnDuty(at, zone) is { } shift)
            {
                names.Add(shift.User);
            }
        }

        if (names.Count == 0)
        {
            return [];
        }

        var contacts = await users.ContactsAsync(names, ct);
        return names.Distinct(StringComparer.Ordinal).Select(n => contacts.GetValueOrDefault(n)).OfType<UserContact>().ToList();
    }
}
