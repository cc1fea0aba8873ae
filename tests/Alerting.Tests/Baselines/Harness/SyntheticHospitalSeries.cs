using HospitalOps.Alerting.Baselines;

namespace HospitalOps.Alerting.Tests.Baselines.Harness;

/// <summary>What a generated series measures, which decides the shape of its day.</summary>
internal enum SeriesKind
{
    /// <summary>Requests, registrations, messages of an interface: quiet nights, a strong outpatient tide.</summary>
    Traffic,

    /// <summary>CPU, load, active sessions: a floor of background work, a medium tide, sometimes a nightly batch.</summary>
    Load,

    /// <summary>Memory in use, pooled connections: mostly level, a weak tide, slow wandering.</summary>
    Resource,
}

/// <summary>An anomaly written into a series, and the interval a detection of it must fall in.</summary>
internal sealed record InjectedAnomaly(AnomalyPattern Pattern, long Start, long End);

internal sealed record SyntheticSeries(int Index, SeriesKind Kind, RegularSeries Data, IReadOnlyList<InjectedAnomaly> Injected);

internal sealed record SyntheticSettings
{
    public int Seed { get; init; } = 20261122;

    public int SeriesCount { get; init; } = 480;

    /// <summary>History before the test period; a whole number of weeks.</summary>
    public int TrainingDays { get; init; } = 42;

    public int TestDays { get; init; } = 14;

    public int StepMinutes { get; init; } = 5;

    /// <summary>A Monday.</summary>
    public DateOnly FirstDay { get; init; } = new(2026, 3, 16);
}

internal sealed record SyntheticDataSet(
    SyntheticSettings Settings,
    TimeZoneInfo Zone,
    WorkCalendar Calendar,
    long TrainingStart,
    long TestStart,
    long TestEnd,
    IReadOnlyList<SyntheticSeries> Series)
{
    public long Step => Settings.StepMinutes * 60_000L;
}

/// <summary>
/// Series of a hospital's IT, generated with known anomalies, for measuring the baseline detectors.
/// <para>The day: on working days a night floor, the outpatient morning peak (about 09:30–10:30), a lunch dip, the
/// afternoon peak (about 15:00–16:00) and an evening shoulder (emergency, wards); Mondays busiest, Fridays less;
/// Saturday a half-day clinic; Sundays and public holidays low and flat; the first working day after a holiday
/// 15 % busier. Some load series have a nightly batch (01:00–03:00).</para>
/// <para>The noise: each day's tide scaled by its own factor and shifted by its own few minutes; autocorrelated and
/// white multiplicative noise; additive noise relative to the night floor; a slow growth from week to week; single
/// wild samples (0.2 %), single missing samples (0.3 %) and collector outages of 15–90 minutes.</para>
/// <para>The calendar: a Monday holiday in the history and a make-up Sunday at its end; in the test fortnight a
/// five-day holiday (Friday to Tuesday) and a make-up Saturday — the shape of a Labour Day week.</para>
/// <para>The anomalies, one per series in the test fortnight (every sixth series has none, for false alarms):
/// RisingFast, a surge of 50–150 % of the daily peak for 15–120 min; FallingFast, a drop to 0–50 % for 15–90 min;
/// RisingNoFall, a leak adding 40–120 % of the peak linearly over 1–3 days, then a restart; FallingNoRecovery, a
/// decline to 40–70 % over 3–8 hours that then holds for 1½–4 days; BrokenTide, a working day (a make-up day too)
/// whose values stay at the early-morning level from 04:00–06:00 to 20:00–23:30, noisy or stuck at one value.
/// The history has unscored surges and drops of its own, as real history does.</para>
/// </summary>
internal static class SyntheticHospitalSeries
{
    private static readonly AnomalyPattern?[] Assignment =
    [
        AnomalyPattern.RisingFast, AnomalyPattern.FallingFast, AnomalyPattern.RisingNoFall,
        AnomalyPattern.FallingNoRecovery, AnomalyPattern.BrokenTide, null,
    ];

    public static SyntheticDataSet Generate(SyntheticSettings settings, TimeZoneInfo zone)
    {
        if (settings.FirstDay.DayOfWeek != DayOfWeek.Monday || settings.TrainingDays % 7 != 0 || settings.TrainingDays < 28 || settings.TestDays < 14)
        {
            throw new ArgumentException("the history starts on a Monday and is whole weeks (at least four); the test period is at least 14 days", nameof(settings));
        }

        var calendar = Calendar(settings);
        var trainingStart = LocalDay.Midnight(zone, settings.FirstDay);
        var testStart = LocalDay.Midnight(zone, settings.FirstDay.AddDays(settings.TrainingDays));
        var testEnd = LocalDay.Midnight(zone, settings.FirstDay.AddDays(settings.TrainingDays + settings.TestDays));
        var series = new SyntheticSeries[settings.SeriesCount];
        Parallel.For(0, settings.SeriesCount, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            series[i] = new Generator(settings, zone, calendar, trainingStart, testStart, testEnd, i).Build());
        return new SyntheticDataSet(settings, zone, calendar, trainingStart, testStart, testEnd, series);
    }

    public static WorkCalendar Calendar(SyntheticSettings settings)
    {
        var first = settings.FirstDay;
        var training = settings.TrainingDays;
        var days = new List<KeyValuePair<DateOnly, CalendarDayKind>>
        {
            new(first.AddDays(training - 21), CalendarDayKind.PublicHoliday),
            new(first.AddDays(training - 1), CalendarDayKind.MakeUpWorkday),
            new(first.AddDays(training + 12), CalendarDayKind.MakeUpWorkday),
        };
        for (var d = 4; d <= 8; d++)
        {
            days.Add(new(first.AddDays(training + d), CalendarDayKind.PublicHoliday));
        }

        return new WorkCalendar(days);
    }

    private enum DayType
    {
        Working,
        Saturday,
        Rest,
    }

    private sealed class Generator
    {
        private const double Hour = 3_600_000;

        private readonly SyntheticSettings _settings;
        private readonly TimeZoneInfo _zone;
        private readonly WorkCalendar _calendar;
        private readonly long _start;
        private readonly long _testStart;
        private readonly long _testEnd;
        private readonly int _index;
        private readonly SeededRandom _rng;
        private readonly long _step;
        private readonly AnomalyPattern? _pattern;
        private readonly SeriesKind _kind;

        // The rhythm.
        private readonly double _peak;
        private readonly double _floor;
        private readonly double _morning;
        private readonly double _morningWidth;
        private readonly double _afternoon;
        private readonly double _afternoonWidth;
        private readonly double _afternoonHeight;
        private readonly double _saturday;
        private readonly double _restDay;
        private readonly double _batch;
        private readonly double[] _weekday = new double[5];
        private readonly double _daySpread;
        private readonly double _weeklyGrowth;

        // The noise.
        private readonly double _arPhi;
        private readonly double _arSigma;
        private readonly double _whiteSigma;
        private readonly double _additiveSigma;

        private double[] _values = [];
        private double[] _noise = [];
        private double[] _additive = [];

        public Generator(SyntheticSettings settings, TimeZoneInfo zone, WorkCalendar calendar, long start, long testStart, long testEnd, int index)
        {
            _settings = settings;
            _zone = zone;
            _calendar = calendar;
            _start = start;
            _testStart = testStart;
            _testEnd = testEnd;
            _index = index;
            _rng = new SeededRandom(settings.Seed, index);
            _step = settings.StepMinutes * 60_000L;
            _pattern = Assignment[index % Assignment.Length];
            _kind = _pattern switch
            {
                AnomalyPattern.RisingNoFall => _rng.Chance(0.5) ? SeriesKind.Load : SeriesKind.Resource,
                AnomalyPattern.BrokenTide => _rng.Chance(0.55) ? SeriesKind.Traffic : SeriesKind.Load,
                _ => _rng.NextDouble() switch { < 0.4 => SeriesKind.Traffic, < 0.75 => SeriesKind.Load, _ => SeriesKind.Resource },
            };

            _peak = Math.Exp(_rng.Uniform(Math.Log(20), Math.Log(5000)));
            _floor = _kind switch
            {
                SeriesKind.Traffic => _rng.Uniform(0.05, 0.2),
                SeriesKind.Load => _rng.Uniform(0.2, 0.45),
                _ => _rng.Uniform(0.6, 0.85),
            };
            _morning = _rng.Uniform(9.3, 10.3);
            _morningWidth = _rng.Uniform(0.9, 1.3);
            _afternoon = _rng.Uniform(14.8, 15.8);
            _afternoonWidth = _rng.Uniform(1.1, 1.6);
            _afternoonHeight = _rng.Uniform(0.7, 0.95);
            _saturday = _rng.Uniform(0.4, 0.7);
            _restDay = _rng.Uniform(0.15, 0.35);
            _batch = _kind == SeriesKind.Load && _rng.Chance(0.5) ? _rng.Uniform(0.3, 0.7) : 0;
            double[] weekday = [1.1, 1.05, 1.0, 1.0, 0.95];
            for (var d = 0; d < 5; d++)
            {
                _weekday[d] = weekday[d] * (1 + (0.02 * _rng.Normal()));
            }

            _daySpread = _rng.Uniform(0.02, 0.06);
            _weeklyGrowth = 0.005 + (0.01 * _rng.Normal());

            var phiPerFiveMinutes = _kind switch { SeriesKind.Traffic => 0.8, SeriesKind.Load => 0.9, _ => 0.97 };
            _arPhi = Math.Pow(phiPerFiveMinutes, settings.StepMinutes / 5.0);
            _arSigma = _rng.Uniform(0.01, 0.04);
            _whiteSigma = _rng.Uniform(0.01, 0.05);
            _additiveSigma = _kind == SeriesKind.Resource ? _rng.Uniform(0.005, 0.02) * _peak : _rng.Uniform(0.03, 0.12) * _peak * _floor;
        }

        public SyntheticSeries Build()
        {
            var days = _settings.TrainingDays + _settings.TestDays;
            var count = (int)((_testEnd - _start) / _step);
            _values = new double[count];
            _noise = new double[count];
            _additive = new double[count];
            var (level, jitter, type) = Days(days);

            var offset = LocalDay.OffsetMs(_zone, _start);
            var ar = 0.0;
            var arInnovation = _arSigma * Math.Sqrt(1 - (_arPhi * _arPhi));
            for (var i = 0; i < count; i++)
            {
                var t = _start + (i * _step);
                var (day, ms) = LocalDay.Split(t, offset);
                var d = (int)(day - LocalDay.Split(_start, offset).Day);
                var hour = (ms / Hour) - jitter[d];
                var weeks = (t - _start) / (7 * 24 * Hour);
                var tide = _peak * (1 + (_weeklyGrowth * weeks)) * (_floor + (level[d] * (1 - _floor) * Shape(hour, type[d])));
                ar = (_arPhi * ar) + (arInnovation * _rng.Normal());
                _noise[i] = ar + (_whiteSigma * _rng.Normal());
                _additive[i] = _additiveSigma * _rng.Normal();
                _values[i] = (tide * (1 + _noise[i])) + _additive[i];
            }

            HistoryEvents();
            var injected = _pattern is { } pattern ? [Inject(pattern, type)] : Array.Empty<InjectedAnomaly>();
            Imperfections(injected);
            for (var i = 0; i < count; i++)
            {
                _values[i] = Math.Max(0, _values[i]);
            }

            return new SyntheticSeries(_index, _kind, new RegularSeries(_start, _step, _values), injected);
        }

        private (double[] Level, double[] Jitter, DayType[] Type) Days(int days)
        {
            var level = new double[days];
            var jitter = new double[days];
            var type = new DayType[days];
            var previousHoliday = false;
            for (var d = 0; d < days; d++)
            {
                var date = _settings.FirstDay.AddDays(d);
                var kind = _calendar.KindOf(date);
                double factor;
                if (kind == CalendarDayKind.PublicHoliday || (kind is null && date.DayOfWeek == DayOfWeek.Sunday))
                {
                    (type[d], factor) = (DayType.Rest, 1);
                }
                else if (kind is null && date.DayOfWeek == DayOfWeek.Saturday)
                {
                    (type[d], factor) = (DayType.Saturday, 1);
                }
                else
                {
                    type[d] = DayType.Working;
                    factor = kind == CalendarDayKind.MakeUpWorkday ? 1 : _weekday[((int)date.DayOfWeek + 6) % 7];
                    factor *= previousHoliday ? 1.15 : 1;
                }

                previousHoliday = kind == CalendarDayKind.PublicHoliday;
                level[d] = factor * Math.Exp(_daySpread * _rng.Normal());
                jitter[d] = 10.0 / 60 * _rng.Normal();
            }

            return (level, jitter, type);
        }

        // The tide above the floor, as a fraction of the floor-to-peak range (about 1 at the weekday morning peak).
        private double Shape(double hour, DayType type)
        {
            var batch = _batch * Plateau(hour, 1, 3);
            return batch + type switch
            {
                DayType.Working => Bump(hour, _morning, _morningWidth) + (_afternoonHeight * Bump(hour, _afternoon, _afternoonWidth)) + (0.12 * Bump(hour, 20, 1.5)),
                DayType.Saturday => _saturday * Bump(hour, _morning, _morningWidth),
                _ => _restDay * Bump(hour, 11.5, 2.5),
            };
        }

        private static double Bump(double hour, double centre, double width) => Math.Exp(-0.5 * Math.Pow((hour - centre) / width, 2));

        private static double Plateau(double hour, double from, double to) =>
            1 / (1 + Math.Exp(-(hour - from) * 6)) * (1 / (1 + Math.Exp((hour - to) * 6)));

        private InjectedAnomaly Inject(AnomalyPattern pattern, DayType[] type)
        {
            var dayMs = 24 * (long)Hour;
            var from = _testStart + dayMs;
            var latestStart = _testEnd - (2 * dayMs);
            long At(long t) => _start + ((t - _start) / _step * _step);
            var start = At(from + (long)(_rng.NextDouble() * (latestStart - from)));
            switch (pattern)
            {
                case AnomalyPattern.RisingFast:
                {
                    var end = start + Minutes(_rng.Uniform(15, 120));
                    var surge = _rng.Uniform(0.5, 1.5) * _peak;
                    Apply(start, end, (i, _) => _values[i] += surge * (1 + _noise[i]));
                    return new InjectedAnomaly(pattern, start, end);
                }

                case AnomalyPattern.FallingFast:
                {
                    var end = start + Minutes(_rng.Uniform(15, 90));
                    var keep = _rng.Uniform(0, 0.5);
                    Apply(start, end, (i, _) => _values[i] *= keep);
                    return new InjectedAnomaly(pattern, start, end);
                }

                case AnomalyPattern.RisingNoFall:
                {
                    var end = Math.Min(_testEnd, start + Minutes(_rng.Uniform(24, 72) * 60));
                    var growth = _rng.Uniform(0.4, 1.2) * _peak;
                    Apply(start, end, (i, t) => _values[i] += growth * (t - start) / (end - start));
                    return new InjectedAnomaly(pattern, start, end);
                }

                case AnomalyPattern.FallingNoRecovery:
                {
                    var ramp = Minutes(_rng.Uniform(3, 8) * 60);
                    var end = Math.Min(_testEnd, start + Minutes(_rng.Uniform(36, 96) * 60));
                    var keep = _rng.Uniform(0.4, 0.7);
                    Apply(start, end, (i, t) => _values[i] *= 1 - ((1 - keep) * Math.Min(1, (t - start) / (double)ramp)));
                    return new InjectedAnomaly(pattern, start, end);
                }

                default:
                {
                    // A working day of the test period (a make-up day counts), after its first day.
                    var firstTestDay = _settings.TrainingDays + 1;
                    var candidates = Enumerable.Range(firstTestDay, _settings.TestDays - 2).Where(d => type[d] == DayType.Working).ToArray();
                    var day = candidates[_rng.Int(0, candidates.Length)];
                    var midnight = LocalDay.Midnight(_zone, _settings.FirstDay.AddDays(day));
                    var brokenFrom = At(midnight + Minutes(_rng.Uniform(4, 6) * 60));
                    var brokenTo = At(midnight + Minutes(_rng.Uniform(20, 23.5) * 60));
                    var first = (int)((brokenFrom - _start) / _step);
                    var flat = Median(_values.AsSpan(first - (int)(Hour / _step), (int)(Hour / _step)));
                    var stuck = _rng.Chance(0.3);
                    Apply(brokenFrom, brokenTo, (i, _) => _values[i] = stuck ? flat : (flat * (1 + _noise[i])) + _additive[i]);
                    return new InjectedAnomaly(pattern, brokenFrom, brokenTo);
                }
            }
        }

        // Real history has its own surges and drops; the profile must learn around them.
        private void HistoryEvents()
        {
            var dayMs = 24 * (long)Hour;
            var events = _rng.Int(0, 3);
            for (var e = 0; e < events; e++)
            {
                var start = _start + (7 * dayMs) + ((long)(_rng.NextDouble() * ((_settings.TrainingDays - 8) * dayMs)) / _step * _step);
                var end = start + Minutes(_rng.Uniform(15, 120));
                var factor = _rng.Chance(0.5) ? _rng.Uniform(1.5, 2.5) : _rng.Uniform(0, 0.5);
                Apply(start, end, (i, _) => _values[i] *= factor);
            }
        }

        private void Imperfections(IReadOnlyList<InjectedAnomaly> injected)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                if (_rng.Chance(0.002))
                {
                    _values[i] *= _rng.Chance(0.5) ? _rng.Uniform(1.5, 3) : _rng.Uniform(0.2, 0.6);
                }

                if (_rng.Chance(0.003))
                {
                    _values[i] = double.NaN;
                }
            }

            // Outages are kept off the injected interval: an anomaly no sample shows is no test of a detector.
            var outages = _rng.Int(0, 4);
            for (var o = 0; o < outages; o++)
            {
                var length = Minutes(_rng.Uniform(15, 90));
                var start = _start + ((long)(_rng.NextDouble() * ((_testEnd - _start) - length)) / _step * _step);
                if (injected.Any(a => start < a.End + (4 * (long)Hour) && start + length > a.Start - (4 * (long)Hour)))
                {
                    continue;
                }

                Apply(start, start + length, (i, _) => _values[i] = double.NaN);
            }
        }

        private void Apply(long from, long to, Action<int, long> change)
        {
            for (var t = from; t < to; t += _step)
            {
                var i = (int)((t - _start) / _step);
                if (i >= 0 && i < _values.Length)
                {
                    change(i, t);
                }
            }
        }

        private static long Minutes(double minutes) => (long)(minutes * 60_000);

        private static double Median(ReadOnlySpan<double> values) => RobustStatistics.MedianOfValid(values, new double[values.Length]);
    }
}
