import { describe, expect, it } from 'vitest'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import type { LatestSample, Statement } from './api'
import {
  commonLabels,
  filterSamples,
  formatBytes,
  formatNumber,
  formatValue,
  healthTagType,
  keyValues,
  ownLabels,
  parseSeries,
  shortQuery,
  shownState,
  sortStatements,
  toTreeData,
  treeIds,
  unitOf,
} from './model'

const zh = zhCN.duration
const en = enUS.duration

describe('health', () => {
  it('colours up green, down red, unknown amber and a disabled target grey', () => {
    expect(healthTagType('up')).toBe('success')
    expect(healthTagType('down')).toBe('danger')
    expect(healthTagType('unknown')).toBe('warning')
    expect(healthTagType('up', false)).toBe('info')
  })

  it('shows a switched-off target as disabled whatever it last did', () => {
    const health = { state: 'down', lastRunAt: null, lastSuccessAt: null, lastDurationMs: null, lastSamples: null, lastErrorCode: null, lastError: null, consecutiveFailures: 3 }
    expect(shownState({ enabled: false, health })).toBe('disabled')
    expect(shownState({ enabled: true, health })).toBe('down')
  })
})

describe('values with units', () => {
  it('reads the unit from the metric name', () => {
    expect(unitOf('node_memory_MemAvailable_bytes')).toBe('bytes')
    expect(unitOf('node_network_receive_bytes_total')).toBe('bytes')
    expect(unitOf('node_cpu_seconds_total')).toBe('seconds')
    expect(unitOf('probe_duration_seconds')).toBe('seconds')
    expect(unitOf('node_boot_time_seconds')).toBe('timestamp')
    expect(unitOf('process_start_time_seconds')).toBe('timestamp')
    expect(unitOf('node_filesystem_avail_ratio')).toBe('ratio')
    expect(unitOf('up')).toBe('bool')
    expect(unitOf('probe_success')).toBe('bool')
    expect(unitOf('node_load1')).toBe('number')
  })

  it('writes bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(16 * 1024 ** 3)).toBe('16 GiB')
    expect(formatBytes(123.4 * 1024 ** 2)).toBe('123 MiB')
  })

  it('writes seconds as ms, s, or duration words', () => {
    expect(formatValue('probe_duration_seconds', 0.0123, zh)).toBe('12.3 ms')
    expect(formatValue('probe_duration_seconds', 2.5, zh)).toBe('2.5秒')
    expect(formatValue('probe_duration_seconds', 2.5, en)).toBe('2.5 s')
    expect(formatValue('node_cpu_guest_seconds_total', 0, zh)).toBe('0秒')
    expect(formatValue('node_cpu_seconds_total', 3 * 3600 + 20 * 60 + 5, zh)).toBe('3小时20分')
    expect(formatValue('node_cpu_seconds_total', 3 * 3600 + 20 * 60 + 5, en)).toBe('3 h 20 min')
  })

  it('shows ratios as %, timestamps as Shanghai time, missing values as a dash', () => {
    expect(formatValue('pg_cache_hit_ratio', 0.9734, zh)).toBe('97.3%')
    expect(formatValue('node_boot_time_seconds', Date.UTC(2026, 10, 22, 1, 30) / 1000, zh)).toBe('2026-11-22 09:30')
    expect(formatValue('up', null, zh)).toBe('—')
    expect(formatValue('up', 1, zh)).toBe('1')
  })

  it('groups thousands and keeps at most three decimals', () => {
    expect(formatNumber(1234567)).toBe('1,234,567')
    expect(formatNumber(0.12345)).toBe('0.123')
    expect(formatNumber(1.5e20)).toBe('1.50e+20')
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('+Inf')
    expect(formatNumber(Number.NaN)).toBe('NaN')
  })
})

describe('series and labels', () => {
  it('parses the series text of a test result', () => {
    expect(parseSeries('node_load1{instance="10.0.0.1:9100",job="node"}')).toEqual({ metric: 'node_load1', labels: { instance: '10.0.0.1:9100', job: 'node' } })
    expect(parseSeries('up')).toEqual({ metric: 'up', labels: {} })
    expect(parseSeries('x{path="C:\\\\data",q="say \\"hi\\""}').labels).toEqual({ path: 'C:\\data', q: 'say "hi"' })
  })

  const s = (metric: string, labels: Record<string, string>, value: number | null = 1): LatestSample => ({ seriesId: 0, metric, labels, time: '2026-11-22T01:30:00Z', value, stale: value === null })

  it('shows the labels all samples share once, and each sample only its own', () => {
    const samples = [s('node_cpu_seconds_total', { ci: 'srv1', job: 'node', cpu: '0', mode: 'idle' }), s('node_load1', { ci: 'srv1', job: 'node' })]
    const common = commonLabels(samples)
    expect(common).toEqual({ ci: 'srv1', job: 'node' })
    expect(ownLabels(samples[0].labels, common)).toEqual([
      ['cpu', '0'],
      ['mode', 'idle'],
    ])
    expect(commonLabels([samples[0]])).toEqual({})
  })

  it('filters samples by metric and label words', () => {
    const samples = [s('node_cpu_seconds_total', { mode: 'idle' }), s('node_cpu_seconds_total', { mode: 'user' }), s('node_load1', {})]
    expect(filterSamples(samples, 'cpu idle')).toHaveLength(1)
    expect(filterSamples(samples, 'mode=user')).toHaveLength(1)
    expect(filterSamples(samples, '  ')).toHaveLength(3)
  })

  it('picks key values first and does not repeat a metric', () => {
    const samples = [s('go_goroutines', {}), s('node_cpu_seconds_total', { cpu: '0' }), s('node_cpu_seconds_total', { cpu: '1' }), s('node_load5', {}), s('up', {})]
    expect(keyValues(samples, 3).map((x) => x.metric)).toEqual(['up', 'node_cpu_seconds_total', 'node_load5'])
  })
})

describe('running statements', () => {
  const st = (pid: number, durationSeconds: number | null, blockedBy: number[] = []): Statement => ({
    pid, user: 'postgres', database: 'emr', application: null, clientAddress: null, state: 'active', waitEventType: null, waitEvent: null,
    transactionStart: null, queryStart: null, durationSeconds, blockedBy, query: 'select 1',
  })

  it('puts the longest running first', () => {
    expect(sortStatements([st(1, 2), st(2, 30), st(3, null), st(4, 2, [1])]).map((x) => x.pid)).toEqual([2, 4, 1, 3])
  })

  it('gives every tree node a unique id, also when a session waits on two blockers', () => {
    const leaf = { pid: 9, user: null, database: null, state: null, durationSeconds: 1, query: null, children: [] }
    const tree = toTreeData([
      { ...leaf, pid: 1, children: [leaf] },
      { ...leaf, pid: 2, children: [leaf] },
    ])
    const ids = treeIds(tree)
    expect(ids).toHaveLength(4)
    expect(new Set(ids).size).toBe(4)
    expect(tree[0].children[0].pid).toBe(9)
  })

  it('shortens a query to one line', () => {
    expect(shortQuery('select *\n  from t\nwhere x = 1')).toBe('select * from t where x = 1')
    expect(shortQuery('x'.repeat(200), 10)).toBe('xxxxxxxxx…')
    expect(shortQuery(null)).toBe('')
  })
})
