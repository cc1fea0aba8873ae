using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>A parameter Prometheus would refuse, with Prometheus's wording (Grafana shows it as is).</summary>
internal sealed class BadParameterException(string message) : Exception(message);

/// <summary>
/// Parameters as Prometheus reads them: from the query string, and for POST also from a form body; times as Unix
/// seconds (with fraction) or RFC 3339; durations as seconds or a Prometheus duration like <c>1m30s</c>.
/// </summary>
internal sealed partial class PrometheusParameters
{
    /// <summary>The times Prometheus uses for "no bound" (what Grafana and clients may send back).</summary>
    public const long MinTime = -9_223_309_901_257_974L;

    public const long MaxTime = 9_223_309_901_257_974L;

    private readonly IQueryCollection _query;
    private readonly IFormCollection? _form;

    private PrometheusParameters(IQueryCollection query, IFormCollection? form)
    {
        _query = query;
        _form = form;
    }

    public static async Task<PrometheusParameters> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        IFormCollection? form = null;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            form = await request.ReadFormAsync(ct);
        }

        return new PrometheusParameters(request.Query, form);
    }

    public string? Get(string name)
    {
        if (_form is not null && _form.TryGetValue(name, out var posted) && posted.Count > 0)
        {
            return posted[0];
        }

        return _query.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;
    }

    public IReadOnlyList<string> GetAll(string name)
    {
        var all = new List<string>();
        if (_query.TryGetValue(name, out var value))
        {
            all.AddRange(value.Where(v => v is not null)!);
        }

        if (_form is not null && _form.TryGetValue(name, out var posted))
        {
            all.AddRange(posted.Where(v => v is not null)!);
        }

        return all;
    }

    /// <summary>A time in Unix milliseconds; <paramref name="fallback"/> when absent.</summary>
    public long Time(string name, long fallback)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            var ms = Math.Round(seconds * 1000);
            return ms <= MinTime ? MinTime : ms >= MaxTime ? MaxTime : (long)ms;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && text.Contains('T', StringComparison.Ordinal))
        {
            return time.ToUnixTimeMilliseconds();
        }

        // Prometheus's own spellings of "no bound".
        if (text is "-292273086-05-16T16:47:06Z")
        {
            return MinTime;
        }

        if (text is "292277025-08-18T07:12:54.999999999Z")
        {
            return MaxTime;
        }

        throw new BadParameterException($"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>A duration in milliseconds, or null when absent.</summary>
    public long? Duration(string name)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            var ms = seconds * 1000;
            if (ms > long.MaxValue / 2 || ms < long.MinValue / 2)
            {
                throw new BadParameterException($"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid duration. It overflows int64");
            }

            return (long)Math.Round(ms);
        }

        if (ParseDuration(text) is { } parsed)
        {
            return parsed;
        }

        throw new BadParameterException($"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid duration");
    }

    /// <summary>A Prometheus duration: units y, w, d, h, m, s, ms in that order, e.g. <c>1h30m</c>.</summary>
    internal static long? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return null;
        }

        long total = 0;
        (string Group, long Ms)[] units = [("y", 365L * 86_400_000), ("w", 7L * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)];
        foreach (var (group, ms) in units)
        {
            if (match.Groups[group].Success && long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                total = checked(total + (n * ms));
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?:(?<y>\d+)y)?(?:(?<w>\d+)w)?(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex DurationPattern();
}
