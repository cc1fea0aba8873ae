using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;

namespace HospitalOps.PromQL.Tests;

/// <summary>A series store for tests: series are appended per label set and read back by matchers and time span.</summary>
public sealed class InMemorySeriesSource : ISeriesSource
{
    private readonly Dictionary<Labels, List<Sample>> _series = [];
    private Dictionary<Labels, Sample[]>? _sorted;

    public int SelectCalls { get; private set; }

    public List<SelectRequest> Requests { get; } = [];

    public void Add(Labels labels, IEnumerable<Sample> samples)
    {
        if (!_series.TryGetValue(labels, out var list))
        {
            list = [];
            _series[labels] = list;
        }

        list.AddRange(samples);
        _sorted = null;
    }

    public void Clear()
    {
        _series.Clear();
        _sorted = null;
    }

    public Task<IReadOnlyList<SeriesData>> SelectAsync(SelectRequest request, CancellationToken ct)
    {
        SelectCalls++;
        Requests.Add(request);
        _sorted ??= _series.ToDictionary(
            kv => kv.Key,
            kv => kv.Value
                .Select((s, i) => (s, i))
                .GroupBy(x => x.s.T)
                .Select(g => g.Last().s) // a later write for the same timestamp wins
                .OrderBy(s => s.T)
                .ToArray());
        var result = new List<SeriesData>();
        foreach (var (labels, samples) in _sorted)
        {
            if (!request.Matchers.All(m => m.Matches(labels.Get(m.Name))))
            {
                continue;
            }

            var inRange = samples.Where(s => s.T >= request.MinT && s.T <= request.MaxT).ToArray();
            if (inRange.Length > 0)
            {
                result.Add(new SeriesData(labels, inRange));
            }
        }

        return Task.FromResult<IReadOnlyList<SeriesData>>(result);
    }
}
