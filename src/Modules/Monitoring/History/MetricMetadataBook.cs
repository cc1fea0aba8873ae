using System.Collections.Concurrent;
using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Monitoring.History;

/// <summary>What a metric is: its type (counter, gauge, …), help text and unit, as exporters and senders describe it.</summary>
public sealed record MetricMetadata(string Metric, string Type, string Help, string Unit);

/// <summary>
/// The metadata of every metric seen in scrapes and remote writes. Kept in memory, written to the history
/// database with the heads when something changed, and read back on start.
/// </summary>
internal sealed class MetricMetadataBook(Databases databases, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, MetricMetadata> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    /// <summary>Records what was seen; a part not given keeps its known value.</summary>
    public void Observe(string metric, string? type = null, string? help = null, string? unit = null)
    {
        if (metric.Length == 0 || metric.Length > 500)
        {
            return;
        }

        var current = _known.GetValueOrDefault(metric);
        var next = new MetricMetadata(
            metric,
            type ?? current?.Type ?? "unknown",
            help is null ? current?.Help ?? string.Empty : Truncate(help, 2000),
            unit is null ? current?.Unit ?? string.Empty : Truncate(unit, 100));
        if (next != current)
        {
            _known[metric] = next;
            _dirty[metric] = 0;
        }
    }

    public async Task<IReadOnlyList<MetricMetadata>> ListAsync(string? metric, CancellationToken ct)
    {
        await LoadAsync(ct);
        return metric is { Length: > 0 }
            ? _known.TryGetValue(metric, out var one) ? [one] : []
            : _known.Values.OrderBy(m => m.Metric, StringComparer.Ordinal).ToList();
    }

    public async Task PersistAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (_dirty.IsEmpty)
        {
            return;
        }

        var names = _dirty.Keys.ToList();
        foreach (var name in names)
        {
            _dirty.TryRemove(name, out _);
        }

        try
        {
            await using var connection = await databases.History.OpenAsync(ct);
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var name in names)
            {
                var m = _known[name];
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO history_metadata (metric, type, help, unit, updated_at) VALUES (@Metric, @Type, @Help, @Unit, @now)
                    ON CONFLICT (metric) DO UPDATE SET type = excluded.type, help = excluded.help, unit = excluded.unit, updated_at = excluded.updated_at
                    """, new { m.Metric, m.Type, m.Help, m.Unit, now }, tx, cancellationToken: ct));
            }

            await tx.CommitAsync(ct);
        }
        catch
        {
            foreach (var name in names)
            {
                _dirty[name] = 0;
            }

            throw;
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_loaded)
            {
                return;
            }

            await using var connection = await databases.History.OpenAsync(ct);
            foreach (var m in await connection.QueryAsync<MetricMetadata>(new CommandDefinition(
                "SELECT metric AS Metric, type AS Type, help AS Help, unit AS Unit FROM history_metadata", cancellationToken: ct)))
            {
                // What was observed since start is newer than what was stored.
                _known.TryAdd(m.Metric, m);
            }

            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
