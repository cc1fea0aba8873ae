using System.Globalization;
using System.Text.Json;
using HospitalOps.TextSearch;

namespace HospitalOps.Bench.TicketScale;

internal sealed record TypeInfo(long Id, string Key, string Prefix, long WorkflowId, int Version, string Initial, string[] NewStates, string[] OpenStates,
    string[] WaitingStates, string ResolvedState, string ClosedState);

internal sealed record SystemInfo(long Id, string Name, string Short, int Level, string Kind);

internal sealed record CiInfo(long Id, string Code, string Name, string TypeCode);

internal sealed record PolicyInfo(long Id, int? Priority, int ResponseMinutes, int ResolutionMinutes, double YellowAt, double RedAt);

internal sealed record LogRow(long Id, long TicketId, long At, string Kind, string? Actor, string? FromState, string? ToState, string? Detail);

internal sealed record ClockRow(long TicketId, string Kind, long AllowedMs, long UsedMs, long? DeadlineAt, long? StoppedAt, long? BreachedAt, bool Paused, string Outcome,
    string Colour, long ComputedAt);

internal sealed record BreachRow(long TicketId, string Kind, long BreachedAt, string? Responsible, long RecordedAt);

/// <summary>One generated ticket with every row that belongs to it, and its search text already tokenized for the engine.</summary>
internal sealed class GenTicket
{
    public long Id;
    public string Number = "";
    public TypeInfo Type = null!;
    public string State = "";
    public string Category = "";
    public string Title = "";
    public string Description = "";
    public string Channel = "";
    public int Impact;
    public int Urgency;
    public int SystemLevel;
    public int Priority;
    public SystemInfo? System;
    public string ReporterName = "";
    public string? ReporterPhone;
    public string? Assignee;
    public string? Team;
    public string Fields = "{}";
    public string? Source;
    public long? PolicyId;
    public long OpenedAt;
    public long? RespondedAt;
    public long? ArrivedAt;
    public long? ResolvedAt;
    public long? ClosedAt;
    public int? Rating;
    public string? SlaColour;
    public long? SlaDueAt;
    public bool SlaBreached;
    public string? CreatedBy;
    public long UpdatedAt;
    public int Version;
    public CiInfo? Ci;
    public readonly List<LogRow> Log = new(5);
    public readonly List<ClockRow> Clocks = new(2);
    public readonly List<BreachRow> Breaches = new(1);
    /// <summary>SQLite: CjkTokenizer.ToIndexText of title and body; PostgreSQL: the tsvector literal in <see cref="SearchTitle"/>.</summary>
    public string SearchTitle = "";
    public string SearchBody = "";
}

/// <summary>
/// A hospital's service desk over <c>years</c> years, deterministic for a seed: opening times follow the working day, the newest
/// tickets are the ones still open (with a few old ones stuck), types, channels, priorities, systems (a few systems get most tickets)
/// and assignees are mixed, each ticket has its timeline, its SLA clocks and breaches, and its search row.
/// </summary>
internal sealed class DataSet
{
    private readonly Random _random;
    private readonly long _now;
    private readonly TypeInfo[] _types;
    private readonly SystemInfo[] _systems;
    private readonly double[] _systemWeights;
    private readonly Dictionary<string, CiInfo[]> _cis;
    private readonly PolicyInfo[] _policies;
    private readonly bool _postgres;
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private long _logId;

    public DataSet(int seed, long now, TypeInfo[] types, SystemInfo[] systems, CiInfo[] cis, PolicyInfo[] policies, bool postgres)
    {
        _random = new Random(seed);
        _now = now;
        _types = types;
        _systems = systems;
        _systemWeights = systems.Select((_, i) => 1.0 / Math.Pow(i + 1, 0.8)).ToArray();
        _cis = cis.GroupBy(c => c.TypeCode).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _policies = policies;
        _postgres = postgres;
    }

    public IReadOnlyDictionary<string, int> Counters => _counters;

    public long LastLogId => _logId;

    /// <summary>Opening times, oldest first, and which tickets are open (<c>o</c>), resolved (<c>r</c>) or closed.</summary>
    public (long[] OpenedAt, char[] Fate) Plan(int tickets, int open, int resolved, int years)
    {
        const long Day = 86_400_000;
        var days = 365 * years;
        // Beijing midnight of today, in UTC milliseconds.
        var today = (_now + 8 * 3_600_000) / Day * Day - 8 * 3_600_000;
        var opened = new long[tickets];
        for (var i = 0; i < tickets; i++)
        {
            // A day uniformly, the time of day mostly within 08:00–18:00 Beijing time.
            do
            {
                var localHour = _random.NextDouble() < 0.75 ? 8 + _random.NextDouble() * 10 : _random.NextDouble() * 24;
                opened[i] = today - _random.Next(days) * Day + (long)(localHour * 3_600_000);
            }
            while (opened[i] >= _now - 60_000);
        }

        Array.Sort(opened);
        var fate = new char[tickets];
        Array.Fill(fate, 'c');
        // Recent tickets are open more often: the smallest random × age win; some open ones are weeks old.
        var recent = Enumerable.Range(0, tickets).Where(i => _now - opened[i] < 60L * 86_400_000)
            .Select(i => (Index: i, Score: _random.NextDouble() * ((_now - opened[i]) / 86_400_000.0 + 0.3)))
            .OrderBy(x => x.Score).ToList();
        foreach (var x in recent.Take(open))
        {
            fate[x.Index] = 'o';
        }

        foreach (var x in recent.Skip(open).Where(x => _now - opened[x.Index] < 14L * 86_400_000).Take(resolved))
        {
            fate[x.Index] = 'r';
        }

        return (opened, fate);
    }

    public GenTicket Make(long id, long openedAt, char fate)
    {
        var t = new GenTicket { Id = id, OpenedAt = openedAt };
        var roll = _random.Next(100);
        var typeKey = roll < 58 ? "incident" : roll < 82 ? "request" : roll < 90 ? "event" : roll < 94 ? "problem" : "change";
        t.Type = _types.First(x => x.Key == typeKey);

        var fault = PickFault(typeKey, out var withSystem);
        t.System = withSystem ? PickSystem(fault.Kind) : null;
        t.Channel = typeKey switch
        {
            "event" => "alert",
            "request" => Pick(["web", "web", "phone", "wecom"]),
            "problem" or "change" => "web",
            _ => Pick(["phone", "phone", "phone", "wecom", "wecom", "walk_in", "web", "email", "inspection"]),
        };
        t.Priority = typeKey == "request" ? 3 + _random.Next(2) : WeightedPriority();
        t.Impact = t.Priority <= 1 ? 1 : t.Priority == 2 ? 2 : 3;
        t.Urgency = t.Priority <= 2 ? 1 : t.Priority == 3 ? 2 : 3;
        t.SystemLevel = t.System?.Level ?? 3;
        var place = Pick(Vocabulary.Places);
        var reporter = Pick(Vocabulary.Reporters);
        t.Title = (_random.Next(10) < 4 ? place + " " : "") + (t.System is { } s ? s.Short + " " : "") + fault.Title;
        t.Description = typeKey == "event"
            ? $"监控告警：{fault.Detail}。"
            : $"{place}{reporter}{(t.Channel == "phone" ? "来电" : "反映")}：{fault.Detail}。{Pick(Vocabulary.Extras)}";
        t.ReporterName = typeKey == "event" ? "监控系统" : reporter;
        t.ReporterPhone = t.Channel == "phone" ? "8" + _random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture) : null;
        t.Team = Vocabulary.Teams[(int)((t.System?.Id ?? id) % Vocabulary.Teams.Length)];
        t.Source = typeKey == "event" ? "alert:" + id.ToString(CultureInfo.InvariantCulture) : null;
        t.CreatedBy = typeKey == "event" ? null : Pick(["sun.li", "chen.hao", "huang.qiang", "admin"]);
        if (_random.Next(10) < 3)
        {
            t.Ci = PickCi(fault.Kind);
        }

        var policy = _policies.FirstOrDefault(p => p.Priority == t.Priority) ?? _policies.First(p => p.Priority is null);
        t.PolicyId = policy.Id;
        t.Number = NextNumber(t.Type.Prefix, openedAt);
        Lifecycle(t, fate, fault, policy);
        var body = string.Join('\n', new[] { t.Number, t.Description, FieldOf(t.Fields, "resolution"), FieldOf(t.Fields, "rootCause"), t.System?.Name }
            .Concat(t.Ci is { } ci ? [ci.Code + " " + ci.Name] : Array.Empty<string>()).Where(x => !string.IsNullOrWhiteSpace(x)));
        if (_postgres)
        {
            t.SearchTitle = PostgresSearch.ToTsVector(t.Title, body);
        }
        else
        {
            t.SearchTitle = CjkTokenizer.ToIndexText(t.Title);
            t.SearchBody = CjkTokenizer.ToIndexText(body);
        }

        return t;
    }

    private void Lifecycle(GenTicket t, char fate, Vocabulary.Fault fault, PolicyInfo policy)
    {
        var type = t.Type;
        var opened = t.OpenedAt;
        var responseMean = t.Priority <= 2 ? 12.0 : 35.0;
        var resolveMean = t.Priority switch { 1 => 3.0, 2 => 12.0, 3 => 40.0, _ => 90.0 };
        Add(t, opened, "created", t.CreatedBy, null, type.Initial, "P" + t.Priority.ToString(CultureInfo.InvariantCulture));
        long last = opened;
        string Assignee() => Vocabulary.Assignees[Math.Min(Vocabulary.Assignees.Length - 1, (int)(-Math.Log(1 - _random.NextDouble()) * 8))];

        if (fate == 'o')
        {
            var roll = _random.Next(100);
            var category = roll < 25 ? "new" : roll < 85 ? "open" : "waiting";
            var states = category == "new" ? type.NewStates : category == "open" ? type.OpenStates : type.WaitingStates;
            if (states.Length == 0)
            {
                states = type.OpenStates;
                category = "open";
            }

            t.State = states[_random.Next(states.Length)];
            t.Category = category;
            t.Assignee = t.State == type.Initial && _random.Next(2) == 0 ? null : Assignee();
            var age = _now - opened;
            if (category != "new")
            {
                t.RespondedAt = Math.Min(_now - 1000, opened + Minutes(responseMean));
                Add(t, t.RespondedAt.Value, "transition", t.Assignee, type.Initial, type.OpenStates[0], null);
                last = t.RespondedAt.Value;
                if (t.State != type.OpenStates[0])
                {
                    last = last + (_now - last) / 3;
                    Add(t, last, "transition", t.Assignee, type.OpenStates[0], t.State, null);
                }
            }
            else if (t.State != type.Initial)
            {
                last = opened + Math.Min(age / 2, Minutes(5));
                Add(t, last, "transition", "sun.li", type.Initial, t.State, null);
            }

            if (t.State == "on_site")
            {
                t.ArrivedAt = last;
            }

            Clocks(t, policy, category == "waiting", null);
        }
        else
        {
            t.Assignee = Assignee();
            t.RespondedAt = opened + Minutes(responseMean);
            t.ResolvedAt = t.RespondedAt.Value + Minutes(resolveMean * 60);
            if (fate == 'r')
            {
                t.ResolvedAt = Math.Min(t.ResolvedAt.Value, _now - 60_000);
                t.RespondedAt = Math.Min(t.RespondedAt.Value, t.ResolvedAt.Value);
            }

            Add(t, t.RespondedAt.Value, "transition", t.Assignee, type.Initial, type.OpenStates[0], null);
            Add(t, t.ResolvedAt.Value, "transition", t.Assignee, type.OpenStates[0], type.ResolvedState, null);
            last = t.ResolvedAt.Value;
            var fields = new Dictionary<string, string> { ["resolution"] = fault.Resolution };
            if (type.Key == "problem")
            {
                fields["rootCause"] = fault.Detail;
            }

            t.Fields = JsonSerializer.Serialize(fields);
            if (fate == 'r')
            {
                t.State = type.ResolvedState;
                t.Category = "resolved";
            }
            else
            {
                t.ClosedAt = t.ResolvedAt.Value + Minutes(60 * 24 * (1 + _random.NextDouble() * 2));
                t.State = type.ClosedState;
                t.Category = "closed";
                Add(t, t.ClosedAt.Value, "transition", t.CreatedBy ?? t.Assignee, type.ResolvedState, type.ClosedState, null);
                last = t.ClosedAt.Value;
                if (_random.Next(10) < 6)
                {
                    t.Rating = _random.Next(10) < 8 ? 5 : 3 + _random.Next(2);
                    Add(t, last, "rated", t.CreatedBy, null, null, t.Rating.Value.ToString(CultureInfo.InvariantCulture));
                }
            }

            Clocks(t, policy, false, t.ResolvedAt);
        }

        t.UpdatedAt = last;
        t.Version = t.Log.Count;
    }

    /// <summary>Response and resolution clocks on elapsed time (the policies' calendars are left to the SLA sweep, which recomputes every open ticket).</summary>
    private void Clocks(GenTicket t, PolicyInfo policy, bool paused, long? resolvedAt)
    {
        var computedAt = resolvedAt ?? _now;
        ClockRow Clock(string kind, long allowedMs, long? stoppedAt)
        {
            var end = stoppedAt ?? _now;
            var used = Math.Max(0, end - t.OpenedAt);
            var deadline = t.OpenedAt + allowedMs;
            long? breached = used > allowedMs ? deadline : null;
            var fraction = (double)used / allowedMs;
            string outcome, colour;
            if (stoppedAt is not null)
            {
                outcome = breached is null ? "met" : "met_late";
                colour = breached is null ? "green" : "black";
            }
            else
            {
                outcome = breached is null ? "running" : "breached";
                colour = breached is not null ? "black" : fraction >= policy.RedAt ? "red" : fraction >= policy.YellowAt ? "yellow" : "green";
            }

            if (breached is { } b)
            {
                t.Breaches.Add(new BreachRow(t.Id, kind, b, t.Assignee ?? t.Team, b));
                Add(t, b, "sla_breached", null, null, null, kind + ":" + (t.Assignee ?? t.Team));
            }

            return new ClockRow(t.Id, kind, allowedMs, used, deadline, stoppedAt, breached, stoppedAt is null && paused, outcome, colour, computedAt);
        }

        var response = Clock("response", policy.ResponseMinutes * 60_000L, t.RespondedAt);
        var resolution = Clock("resolution", policy.ResolutionMinutes * 60_000L, resolvedAt);
        t.Clocks.Add(response);
        t.Clocks.Add(resolution);
        var current = t.Clocks.FirstOrDefault(c => c.StoppedAt is null);
        t.SlaColour = current?.Colour ?? (t.Clocks.Any(c => c.BreachedAt is not null) ? "black" : "green");
        t.SlaDueAt = current?.DeadlineAt;
        t.SlaBreached = t.Clocks.Any(c => c.BreachedAt is not null);
    }

    private void Add(GenTicket t, long at, string kind, string? actor, string? from, string? to, string? detail) =>
        t.Log.Add(new LogRow(++_logId, t.Id, at, kind, actor, from, to, detail));

    private long Minutes(double mean) => (long)(-Math.Log(1 - _random.NextDouble()) * mean * 60_000) + 60_000;

    private string NextNumber(string prefix, long openedAt)
    {
        var day = DateTimeOffset.FromUnixTimeMilliseconds(openedAt).ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = prefix + "-" + day;
        var n = _counters.GetValueOrDefault(scope) + 1;
        _counters[scope] = n;
        return scope + "-" + n.ToString("D4", CultureInfo.InvariantCulture);
    }

    private Vocabulary.Fault PickFault(string typeKey, out bool withSystem)
    {
        // The rare fault comes about once in 20,000 tickets, whatever the size of the data set.
        if (typeKey != "request" && _random.Next(20_000) == 0)
        {
            withSystem = true;
            return Vocabulary.Faults.First(f => f.Kind == "rare");
        }

        var pool = typeKey == "request"
            ? Vocabulary.Faults.Where(f => f.Kind == "request")
            : Vocabulary.Faults.Where(f => f.Kind is not ("request" or "rare"));
        var list = pool.ToArray();
        var total = list.Sum(f => f.Weight);
        var r = _random.Next(total);
        foreach (var f in list)
        {
            r -= f.Weight;
            if (r < 0)
            {
                withSystem = f.Kind is not ("desk" or "net") || _random.Next(2) == 0;
                return f;
            }
        }

        withSystem = true;
        return list[^1];
    }

    private SystemInfo PickSystem(string kind)
    {
        var fitting = kind is "his" or "pacs" or "lis" or "emr" or "esb" ? _systems.Where(s => s.Kind == kind).ToArray() : [];
        if (fitting.Length > 0 && _random.Next(10) < 8)
        {
            return fitting[(int)Math.Min(fitting.Length - 1, -Math.Log(1 - _random.NextDouble()) * 1.5)];
        }

        var total = _systemWeights.Sum();
        var r = _random.NextDouble() * total;
        for (var i = 0; i < _systems.Length; i++)
        {
            r -= _systemWeights[i];
            if (r < 0)
            {
                return _systems[i];
            }
        }

        return _systems[^1];
    }

    private CiInfo? PickCi(string kind)
    {
        var typeCode = kind switch { "db" => "database", "net" => "network-device", "infra" => "vm", "mw" => "middleware", "pacs" => "modality", _ => "application" };
        return _cis.TryGetValue(typeCode, out var list) && list.Length > 0 ? list[_random.Next(list.Length)] : null;
    }

    private int WeightedPriority()
    {
        var r = _random.Next(100);
        return r < 3 ? 1 : r < 18 ? 2 : r < 73 ? 3 : 4;
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static string? FieldOf(string json, string key) =>
        json.Length <= 2 ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.GetValueOrDefault(key);
}
