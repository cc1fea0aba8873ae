namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// The recent points of one series beside what its profile expected at each of them, built once per evaluation and
/// read by all five detectors. Its buffers are kept between evaluations, so evaluating a rule allocates nothing
/// unless something is found.
/// </summary>
internal sealed class BaselineWindow
{
    private double[] _observed = [];
    private double[] _centre = [];
    private double[] _lowest = [];
    private double[] _highest = [];
    private double[] _spread = [];
    private double[] _grid = [];
    private double[] _gridSpread = [];

    public int Count { get; private set; }

    public long Start { get; private set; }

    public long Step { get; private set; }

    public double K { get; private set; }

    /// <summary>The index of the first point on the local day of the latest point.</summary>
    public int TodayStart { get; private set; }

    /// <summary>The day kind of the latest point's local day, and the swing the profile expects of it.</summary>
    public ProfileDay Today { get; private set; }

    public DayShape TodayShape { get; private set; }

    public ReadOnlySpan<double> Observed => _observed.AsSpan(0, Count);

    public ReadOnlySpan<double> Centre => _centre.AsSpan(0, Count);

    public ReadOnlySpan<double> Spread => _spread.AsSpan(0, Count);

    public static BaselineWindow Of(SeasonalProfile profile, WorkCalendar calendar, RegularSeries recent, int toleranceMinutes = 15)
    {
        var window = new BaselineWindow();
        window.Load(profile, calendar, recent, toleranceMinutes);
        return window;
    }

    /// <summary>
    /// Reads the recent points and what the profile expected of each, allowing the rhythm to come up to
    /// <paramref name="toleranceMinutes"/> early or late: the day's rhythm shifts a little from one day to the next,
    /// and on a steep morning rise a quarter of an hour is the whole band. So each point's band runs from the lowest
    /// to the highest centre within the tolerance of it (the centres on the points' grid, a sliding minimum and
    /// maximum), widening the band on the rise and the fall of the tide and nowhere else.
    /// </summary>
    public void Load(SeasonalProfile profile, WorkCalendar calendar, RegularSeries recent, int toleranceMinutes)
    {
        Count = recent.Count;
        Start = recent.Start;
        Step = recent.Step;
        K = profile.K;
        if (_observed.Length < Count)
        {
            _observed = new double[Count];
            _centre = new double[Count];
            _lowest = new double[Count];
            _highest = new double[Count];
            _spread = new double[Count];
        }

        recent.Values.Span.CopyTo(_observed);
        var reach = (int)(toleranceMinutes * 60_000L / Step);
        var gridCount = Count + (2 * reach);
        if (_grid.Length < gridCount)
        {
            _grid = new double[gridCount];
            _gridSpread = new double[gridCount];
        }

        // The centres on the points' grid, reach points beyond the window on either side, a local day at a time.
        var gridStart = recent.Start - (reach * Step);
        var offsets = new OffsetCache(profile.Zone, gridStart, gridStart + ((gridCount - 1) * Step));
        var rows = new DayRows(calendar);
        for (var j = 0; j < gridCount;)
        {
            var t = gridStart + (j * Step);
            var (day, ms) = LocalDay.Split(t, offsets.At(t));
            var count = offsets.IsConstant ? (int)Math.Min((LocalDay.DayMs - ms + Step - 1) / Step, gridCount - j) : 1;
            profile.Fill((int)rows.Of(day), ms, Step, _grid.AsSpan(j, count), _gridSpread.AsSpan(j, count));
            j += count;
        }

        _grid.AsSpan(reach, Count).CopyTo(_centre);
        _gridSpread.AsSpan(reach, Count).CopyTo(_spread);
        var width = (2 * reach) + 1;
        for (var i = 0; i < Count; i++)
        {
            var lowest = _grid[i];
            var highest = lowest;
            for (var k = i + 1; k < i + width; k++)
            {
                var c = _grid[k];
                lowest = c < lowest ? c : lowest;
                highest = c > highest ? c : highest;
            }

            _lowest[i] = lowest;
            _highest[i] = highest;
        }

        if (Count == 0)
        {
            return;
        }

        var last = recent.TimeAt(Count - 1);
        var (today, msOfDay) = LocalDay.Split(last, offsets.At(last));
        Today = rows.Of(today);
        TodayShape = profile.ShapeFor(Today);
        TodayStart = (int)Math.Max(0, Count - 1 - (msOfDay / Step));
    }

    public long TimeAt(int index) => Start + (index * Step);

    public double Low(int index) => _lowest[index] - (K * _spread[index]);

    public double High(int index) => _highest[index] + (K * _spread[index]);

    /// <summary>The distance from the nearest centre the time tolerance allows: zero between the lowest and the highest.</summary>
    public double Residual(int index) => _observed[index] - Math.Clamp(_observed[index], _lowest[index], _highest[index]);

    /// <summary>The residual in spreads: beyond ±K is outside the band.</summary>
    public double Z(int index) => Residual(index) / _spread[index];

    /// <summary>How many points make up <paramref name="minutes"/> (at least one).</summary>
    public int Points(int minutes) => (int)Math.Max(1, ((minutes * 60_000L) + Step - 1) / Step);

    /// <summary>The latest point with a sample, if it is recent enough to speak for now; else -1.</summary>
    public int Latest(int maxMissing)
    {
        for (var i = Count - 1; i >= 0 && i >= Count - 1 - maxMissing; i--)
        {
            if (!double.IsNaN(_observed[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The median residual (in spreads) of the samples in [from, to), or NaN when fewer than <paramref name="minValid"/>;
    /// <paramref name="towardsZero"/> takes <see cref="RobustStatistics.MedianTowardsZeroInPlace"/>.
    /// </summary>
    public double MedianZ(int from, int to, int minValid, bool towardsZero = false)
    {
        from = Math.Max(0, from);
        to = Math.Min(Count, to);
        Span<double> scratch = to - from <= 512 ? stackalloc double[Math.Max(0, to - from)] : new double[to - from];
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (!double.IsNaN(_observed[i]))
            {
                scratch[n++] = Z(i);
            }
        }

        return n < Math.Max(1, minValid) ? double.NaN
            : towardsZero ? RobustStatistics.MedianTowardsZeroInPlace(scratch[..n]) : RobustStatistics.MedianInPlace(scratch[..n]);
    }

    /// <summary>The median observed value of the samples in [from, to), or NaN when there are none.</summary>
    public double MedianObserved(int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(Count, to);
        Span<double> scratch = to - from <= 512 ? stackalloc double[Math.Max(0, to - from)] : new double[to - from];
        return RobustStatistics.MedianOfValid(_observed.AsSpan(from, Math.Max(0, to - from)), scratch);
    }

    /// <summary>The median residual (see <see cref="Residual"/>) of the samples in [from, to), or NaN when fewer than <paramref name="minValid"/>.</summary>
    public double MedianResidual(int from, int to, int minValid)
    {
        from = Math.Max(0, from);
        to = Math.Min(Count, to);
        Span<double> scratch = to - from <= 512 ? stackalloc double[Math.Max(0, to - from)] : new double[to - from];
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (!double.IsNaN(_observed[i]))
            {
                scratch[n++] = Residual(i);
            }
        }

        return n < Math.Max(1, minValid) ? double.NaN : RobustStatistics.MedianInPlace(scratch[..n]);
    }
}
