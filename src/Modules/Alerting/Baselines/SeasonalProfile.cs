using System.Text.Json.Serialization;

namespace HospitalOps.Alerting.Baselines;

/// <summary>How a profile is learned.</summary>
/// <param name="Zone">The wall clock the hospital's rhythm follows (Asia/Shanghai for the hospitals we serve).</param>
/// <param name="SlotMinutes">The width of a time-of-day slot; must divide a day.</param>
/// <param name="K">The band is centre ± K·spread.</param>
/// <param name="MinDaysPerWeekday">A weekday with fewer days of history takes the pooled working- or rest-day shape.</param>
/// <param name="RelativeSpreadFloor">The spread is at least this fraction of the series' typical level.</param>
/// <param name="SlotSpreadFloorFraction">… and at least this fraction of the median slot spread.</param>
internal sealed record ProfileSettings(
    TimeZoneInfo Zone,
    int SlotMinutes = 30,
    double K = 3,
    int MinDaysPerWeekday = 3,
    double RelativeSpreadFloor = 0.01,
    double SlotSpreadFloorFraction = 0.5);

/// <summary>
/// The learned daily rhythm of one series: for each kind of day (<see cref="ProfileDay"/>) and each slot of the local
/// day, a robust centre (median) and spread (1.4826 × MAD of the residuals), so the expected band is centre ± K·spread.
/// A plain record of arrays, stored as JSON and re-learned daily from the last weeks of history.
/// </summary>
internal sealed record SeasonalProfile
{
    private const int Rows = 9;

    private TimeZoneInfo? _zone;
    private DayShape[]? _shapes;

    public required string TimeZone { get; init; }

    public required int SlotMinutes { get; init; }

    public required double K { get; init; }

    /// <summary>The history the profile was learned from, [from, until) in Unix milliseconds.</summary>
    public required long LearnedFrom { get; init; }

    public required long LearnedUntil { get; init; }

    /// <summary>The median absolute value of the history: the series' typical level.</summary>
    public required double Level { get; init; }

    /// <summary>No slot's spread is below this, so a flat history does not give a zero-width band.</summary>
    public required double SpreadFloor { get; init; }

    /// <summary>Per <see cref="ProfileDay"/>: the days of history of that kind.</summary>
    public required int[] DaysPerRow { get; init; }

    /// <summary>Per <see cref="ProfileDay"/>: the day kind whose shape it uses (itself, or a pooled one when its history is short).</summary>
    public required ProfileDay[] ShapeOf { get; init; }

    /// <summary>Row-major: <c>Centres[row · slots + slot]</c>, the value at the middle of the slot.</summary>
    public required double[] Centres { get; init; }

    public required double[] Spreads { get; init; }

    [JsonIgnore]
    public int SlotsPerDay => (int)(LocalDay.DayMs / SlotMs);

    [JsonIgnore]
    public long SlotMs => SlotMinutes * 60_000L;

    [JsonIgnore]
    public TimeZoneInfo Zone => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// Learns the profile from regularly spaced history (gaps allowed). Each point counts for its own weekday (or, on a
    /// holiday, for Sunday; on a make-up day, for none) and for the pooled working or rest days.
    /// </summary>
    public static SeasonalProfile Learn(RegularSeries history, WorkCalendar calendar, ProfileSettings settings)
    {
        if (settings.SlotMinutes <= 0 || LocalDay.DayMs % (settings.SlotMinutes * 60_000L) != 0)
        {
            throw new ArgumentException("a slot must divide a day", nameof(settings));
        }

        var slotMs = settings.SlotMinutes * 60_000L;
        var slots = (int)(LocalDay.DayMs / slotMs);
        var values = history.Values.Span;

        // Where each point goes: its own weekday row (or none) and its pooled row, as bucket keys row·slots + slot.
        var ownKey = new int[values.Length];
        var pooledKey = new int[values.Length];
        var msOfDay = new long[values.Length];
        var daysPerRow = new int[Rows];
        var lastDayOfRow = new long[Rows];
        Array.Fill(lastDayOfRow, long.MinValue);
        var offsets = new OffsetCache(settings.Zone, history.Start, history.End - history.Step);
        var rowOfDay = new DayRows(calendar);
        for (var i = 0; i < values.Length; i++)
        {
            ownKey[i] = pooledKey[i] = -1;
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            var t = history.TimeAt(i);
            var (day, ms) = LocalDay.Split(t, offsets.At(t));
            var row = rowOfDay.Of(day);
            var slot = (int)(ms / slotMs);
            msOfDay[i] = ms;
            var pooled = WorkCalendar.IsWeekend(row) ? ProfileDay.RestDay : ProfileDay.WorkingDay;
            pooledKey[i] = ((int)pooled * slots) + slot;
            CountDay(pooled, day);
            if (row != pooled)
            {
                ownKey[i] = ((int)row * slots) + slot;
                CountDay(row, day);
            }
        }

        if (!pooledKey.AsSpan().ContainsAnyExcept(-1))
        {
            throw new ArgumentException("the history has no samples to learn from", nameof(history));
        }

        var level = TypicalLevel(values);
        var centres = BucketMedians(values, ownKey, pooledKey, Rows * slots, static (v, _, _) => v);
        FillEmpty(centres, slots, RobustStatistics.MedianOfValid(values, new double[values.Length]));

        var profile = new SeasonalProfile
        {
            TimeZone = settings.Zone.Id,
            SlotMinutes = settings.SlotMinutes,
            K = settings.K,
            LearnedFrom = history.Start,
            LearnedUntil = history.End,
            Level = level,
            SpreadFloor = 0,
            DaysPerRow = daysPerRow,
            ShapeOf = [.. Enumerable.Range(0, Rows).Select(r => (ProfileDay)r)],
            Centres = centres,
            Spreads = new double[Rows * slots],
        };
        profile._zone = settings.Zone;

        // Spreads from the residuals against the interpolated centre, so a steep morning rise within a slot is not
        // taken for noise.
        var spreads = BucketMedians(values, ownKey, pooledKey, Rows * slots, (v, key, i) =>
            Math.Abs(v - profile.CentreAt(key / slots, msOfDay[i], out _)));
        var finite = spreads.Where(double.IsFinite).ToArray();
        var floor = Math.Max(
            settings.RelativeSpreadFloor * level,
            Math.Max(settings.SlotSpreadFloorFraction * RobustStatistics.MadToSigma * RobustStatistics.MedianInPlace(finite), Resolution(values)));
        if (!(floor > 0))
        {
            // A history that never moved has no scale of its own; one unit is the smallest change worth telling.
            floor = 1;
        }

        FillEmpty(spreads, slots, floor / RobustStatistics.MadToSigma);
        for (var i = 0; i < spreads.Length; i++)
        {
            spreads[i] = Math.Max(spreads[i] * RobustStatistics.MadToSigma, floor);
        }

        var shapeOf = profile.ShapeOf;
        for (var row = 0; row < 7; row++)
        {
            if (daysPerRow[row] < settings.MinDaysPerWeekday)
            {
                var pooled = WorkCalendar.IsWeekend((ProfileDay)row) ? ProfileDay.RestDay : ProfileDay.WorkingDay;
                shapeOf[row] = pooled;
                Array.Copy(centres, (int)pooled * slots, centres, row * slots, slots);
                Array.Copy(spreads, (int)pooled * slots, spreads, row * slots, slots);
            }
        }

        return profile with { SpreadFloor = floor, Spreads = spreads };

        void CountDay(ProfileDay row, long day)
        {
            if (lastDayOfRow[(int)row] != day)
            {
                lastDayOfRow[(int)row] = day;
                daysPerRow[(int)row]++;
            }
        }
    }

    /// <summary>The expected band at <paramref name="at"/> (Unix milliseconds). Constant time.</summary>
    public ExpectedBand Expected(long at, WorkCalendar calendar)
    {
        var (day, ms) = LocalDay.Split(at, LocalDay.OffsetMs(Zone, at));
        var centre = CentreAt((int)calendar.ProfileDayOf(LocalDay.Date(day)), ms, out var spread);
        return new ExpectedBand(centre, spread, centre - (K * spread), centre + (K * spread));
    }

    /// <summary>
    /// The centre and spread of a day kind at a time of day, interpolated between the middles of the neighbouring
    /// slots (wrapping within the day kind: nights are alike from one day to the next).
    /// </summary>
    public double CentreAt(int row, long msOfDay, out double spread)
    {
        var slots = SlotsPerDay;
        var (a, b, fraction) = Neighbours(row * slots, slots, SlotMs, msOfDay);
        spread = Spreads[a] + (fraction * (Spreads[b] - Spreads[a]));
        return Centres[a] + (fraction * (Centres[b] - Centres[a]));
    }

    /// <summary>
    /// <see cref="CentreAt"/> for points <paramref name="step"/> apart from <paramref name="msOfDay"/> on, all within
    /// one day of one kind: the tight loop a window of recent points is read with.
    /// </summary>
    public void Fill(int row, long msOfDay, long step, Span<double> centres, Span<double> spreads)
    {
        var slots = SlotsPerDay;
        var slotMs = SlotMs;
        var centre = Centres;
        var spread = Spreads;
        for (var j = 0; j < centres.Length; j++, msOfDay += step)
        {
            var (a, b, fraction) = Neighbours(row * slots, slots, slotMs, msOfDay);
            centres[j] = centre[a] + (fraction * (centre[b] - centre[a]));
            spreads[j] = spread[a] + (fraction * (spread[b] - spread[a]));
        }
    }

    // The cells of the slots whose middles are either side of a time of day, and how far it is from the first.
    private static (int A, int B, double Fraction) Neighbours(int first, int slots, long slotMs, long msOfDay)
    {
        var position = ((double)msOfDay / slotMs) - 0.5;
        var below = (int)Math.Floor(position);
        var a = first + (below < 0 ? below + slots : below);
        var b = first + (below + 1 >= slots ? below + 1 - slots : below + 1);
        return (a, b, position - below);
    }

    /// <summary>The lowest and highest centre of a day kind, and its median spread: how much of a daily swing it expects.</summary>
    public DayShape ShapeFor(ProfileDay row)
    {
        // Derived from the arrays, so computed once per profile rather than stored.
        _shapes ??= [.. Enumerable.Range(0, Rows).Select(r => ComputeShape((ProfileDay)r))];
        return _shapes[(int)row];
    }

    private DayShape ComputeShape(ProfileDay row)
    {
        var slots = SlotsPerDay;
        var centres = Centres.AsSpan((int)row * slots, slots);
        var spreads = Spreads.AsSpan((int)row * slots, slots).ToArray();
        var trough = double.PositiveInfinity;
        var peak = double.NegativeInfinity;
        foreach (var c in centres)
        {
            trough = Math.Min(trough, c);
            peak = Math.Max(peak, c);
        }

        return new DayShape(trough, peak, RobustStatistics.MedianInPlace(spreads));
    }

    private static double[] BucketMedians(ReadOnlySpan<double> values, int[] ownKey, int[] pooledKey, int buckets, Func<double, int, int, double> measure)
    {
        // Counting sort of (point, bucket) pairs into one array, then a median per bucket in place.
        var starts = new int[buckets + 1];
        for (var i = 0; i < values.Length; i++)
        {
            if (ownKey[i] >= 0)
            {
                starts[ownKey[i] + 1]++;
            }

            if (pooledKey[i] >= 0)
            {
                starts[pooledKey[i] + 1]++;
            }
        }

        for (var b = 0; b < buckets; b++)
        {
            starts[b + 1] += starts[b];
        }

        var filled = (int[])starts.Clone();
        var items = new double[starts[buckets]];
        for (var i = 0; i < values.Length; i++)
        {
            if (ownKey[i] >= 0)
            {
                items[filled[ownKey[i]]++] = measure(values[i], ownKey[i], i);
            }

            if (pooledKey[i] >= 0)
            {
                items[filled[pooledKey[i]]++] = measure(values[i], pooledKey[i], i);
            }
        }

        var medians = new double[buckets];
        for (var b = 0; b < buckets; b++)
        {
            medians[b] = RobustStatistics.MedianInPlace(items.AsSpan(starts[b], starts[b + 1] - starts[b]));
        }

        return medians;
    }

    // A slot without history takes the pooled day kind's value, then the other pooled kind's, then the fallback.
    private static void FillEmpty(double[] table, int slots, double fallback)
    {
        for (var slot = 0; slot < slots; slot++)
        {
            var working = table[((int)ProfileDay.WorkingDay * slots) + slot];
            var rest = table[((int)ProfileDay.RestDay * slots) + slot];
            working = double.IsNaN(working) ? (double.IsNaN(rest) ? fallback : rest) : working;
            rest = double.IsNaN(rest) ? working : rest;
            table[((int)ProfileDay.WorkingDay * slots) + slot] = working;
            table[((int)ProfileDay.RestDay * slots) + slot] = rest;
            for (var row = 0; row < 7; row++)
            {
                ref var cell = ref table[(row * slots) + slot];
                if (double.IsNaN(cell))
                {
                    cell = WorkCalendar.IsWeekend((ProfileDay)row) ? rest : working;
                }
            }
        }
    }

    private static double TypicalLevel(ReadOnlySpan<double> values)
    {
        var magnitudes = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            magnitudes[i] = Math.Abs(values[i]);
        }

        var level = RobustStatistics.MedianOfValid(magnitudes, new double[values.Length]);
        return double.IsNaN(level) ? 0 : level;
    }

    // The smallest step between consecutive samples: 1 for counters of whole things, tiny for measured values.
    private static double Resolution(ReadOnlySpan<double> values)
    {
        var smallest = double.PositiveInfinity;
        for (var i = 1; i < values.Length; i++)
        {
            var step = Math.Abs(values[i] - values[i - 1]);
            if (step > 0)
            {
                smallest = Math.Min(smallest, step);
            }
        }

        return double.IsFinite(smallest) ? smallest : 0;
    }
}

/// <summary>The daily swing a day kind expects: its lowest and highest centre, and its median spread.</summary>
internal readonly record struct DayShape(double Trough, double Peak, double TypicalSpread)
{
    public double Swing => Peak - Trough;
}

/// <summary>
/// A zone's UTC offset over a span of time, read once when it is the same at both ends of a span shorter than the
/// half year between two daylight-saving changes (so none lies between), else per instant: a window of recent points
/// costs two offset look-ups instead of one per point.
/// </summary>
internal readonly struct OffsetCache
{
    private readonly TimeZoneInfo _zone;
    private readonly long _constant;
    private readonly bool _isConstant;

    public OffsetCache(TimeZoneInfo zone, long from, long to)
    {
        _zone = zone;
        _constant = LocalDay.OffsetMs(zone, from);
        _isConstant = to - from < 120 * LocalDay.DayMs && _constant == LocalDay.OffsetMs(zone, Math.Max(from, to));
    }

    public bool IsConstant => _isConstant;

    public long At(long utcMs) => _isConstant ? _constant : LocalDay.OffsetMs(_zone, utcMs);
}

/// <summary>The profile row of each local day, asked of the calendar once per day.</summary>
internal struct DayRows(WorkCalendar calendar)
{
    private long _day = long.MinValue;
    private ProfileDay _row;

    public ProfileDay Of(long day)
    {
        if (day != _day)
        {
            _day = day;
            _row = calendar.ProfileDayOf(LocalDay.Date(day));
        }

        return _row;
    }
}
