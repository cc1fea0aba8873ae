import { formatDateTime, formatDuration, type DurationUnits } from '@/shared/format'
import type { BlockingNode, LatestSample, Statement, Target } from './api'

/** Element Plus tag colour of a health state. */
export function healthTagType(state: string, enabled = true): 'success' | 'danger' | 'info' | 'warning' {
  if (!enabled) return 'info'
  return state === 'up' ? 'success' : state === 'down' ? 'danger' : 'warning'
}

/** The state the UI shows: a target that is switched off is 'disabled' whatever it last did. */
export function shownState(target: Pick<Target, 'enabled' | 'health'>): string {
  return target.enabled ? target.health.state : 'disabled'
}

function trimNumber(n: number, digits: number): string {
  if (Number.isInteger(n)) return String(n)
  const fixed = n.toFixed(digits)
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}

/** A number for people: thousands separated, at most 3 decimals, very large or small ones in e-notation. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'
  const abs = Math.abs(n)
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-3)) return n.toExponential(2)
  const [int, frac] = trimNumber(n, abs >= 100 ? 1 : 3).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac ? `${grouped}.${frac}` : grouped
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** 1536 → `1.5 KiB` */
export function formatBytes(n: number): string {
  let v = Math.abs(n)
  let i = 0
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024
    i++
  }
  return `${n < 0 ? '-' : ''}${trimNumber(v, v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${BYTE_UNITS[i]}`
}

/** Seconds for people: `250 ms`, `12.5 s`, then the duration words (`3小时20分`). */
export function formatSeconds(s: number, units: DurationUnits): string {
  const abs = Math.abs(s)
  if (abs === 0) return units.second.replace('{n}', '0')
  if (abs < 1e-3) return `${trimNumber(s * 1e6, 0)} µs`
  if (abs < 1) return `${trimNumber(s * 1000, abs < 0.01 ? 2 : 1)} ms`
  if (abs < 60) return units.second.replace('{n}', trimNumber(s, 2))
  return formatDuration(s * 1000, units)
}

export type ValueUnit = 'bytes' | 'seconds' | 'timestamp' | 'ratio' | 'percent' | 'celsius' | 'bool' | 'number'

/** The unit a metric's value is in, from the Prometheus naming conventions. */
export function unitOf(metric: string): ValueUnit {
  if (/(_time|_timestamp)_seconds$|_timestamp$/.test(metric)) return 'timestamp'
  if (/_bytes(_total|_sum)?$/.test(metric)) return 'bytes'
  if (/_seconds(_total|_sum)?$/.test(metric)) return 'seconds'
  if (/_ratio$/.test(metric)) return 'ratio'
  if (/_percent$/.test(metric)) return 'percent'
  if (/_celsius$/.test(metric)) return 'celsius'
  if (metric === 'up' || /(_success|_up)$/.test(metric)) return 'bool'
  return 'number'
}

/** A sample's value with a sensible unit: bytes, seconds, ratios as %, times as dates. */
export function formatValue(metric: string, value: number | null | undefined, units: DurationUnits): string {
  if (value === null || value === undefined) return '—'
  if (!Number.isFinite(value)) return formatNumber(value)
  switch (unitOf(metric)) {
    case 'bytes':
      return formatBytes(value)
    case 'seconds':
      return formatSeconds(value, units)
    case 'timestamp':
      return value > 1e8 ? formatDateTime(value * 1000) : formatNumber(value)
    case 'ratio':
      return `${trimNumber(value * 100, 1)}%`
    case 'percent':
      return `${trimNumber(value, 1)}%`
    case 'celsius':
      return `${trimNumber(value, 1)} °C`
    default:
      return formatNumber(value)
  }
}

/** `metric{a="b",c="d"}` → metric and labels (quotes and backslashes unescaped). */
export function parseSeries(series: string): { metric: string; labels: Record<string, string> } {
  const brace = series.indexOf('{')
  if (brace < 0) return { metric: series.trim(), labels: {} }
  const metric = series.slice(0, brace).trim()
  const labels: Record<string, string> = {}
  const body = series.slice(brace + 1, series.lastIndexOf('}') > brace ? series.lastIndexOf('}') : undefined)
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/g
  for (const m of body.matchAll(re)) {
    labels[m[1]] = m[2].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1')
  }
  return { metric, labels }
}

/** The labels every sample has with the same value (the target's own: ci, job, instance…), shown once. */
export function commonLabels(samples: readonly { labels: Record<string, string> }[]): Record<string, string> {
  if (samples.length < 2) return {}
  const [first, ...rest] = samples
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(first.labels)) {
    if (rest.every((s) => s.labels[k] === v)) out[k] = v
  }
  return out
}

/** The labels of one sample that are not common to all. */
export function ownLabels(labels: Record<string, string>, common: Record<string, string>): [string, string][] {
  return Object.entries(labels).filter(([k, v]) => common[k] !== v)
}

/** Samples whose metric or a label name or value contains every word of the filter. */
export function filterSamples<T extends { metric: string; labels: Record<string, string> }>(samples: readonly T[], text: string): T[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return [...samples]
  return samples.filter((s) => {
    const hay = [s.metric, ...Object.entries(s.labels).map(([k, v]) => `${k}=${v}`)].join(' ').toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}

/** Metrics that say at a glance whether the target works, shown first on a CI's monitoring tab. */
export const KEY_METRICS = ['up', 'probe_success', 'node_load1', 'node_memory_MemAvailable_bytes', 'node_time_seconds', 'pg_up']

/**
 * A few values that tell the state of a target: the key metrics first (up, probe_success…),
 * then the first other samples, `count` at most, metrics with many series not repeated.
 */
export function keyValues(samples: readonly LatestSample[], count = 5): LatestSample[] {
  const byMetric = new Map<string, LatestSample>()
  for (const s of samples) if (!byMetric.has(s.metric)) byMetric.set(s.metric, s)
  const key = KEY_METRICS.map((m) => byMetric.get(m)).filter((s): s is LatestSample => !!s)
  const rest = [...byMetric.values()].filter((s) => !KEY_METRICS.includes(s.metric) && !s.metric.startsWith('go_') && !s.metric.startsWith('process_') && !s.metric.startsWith('promhttp_'))
  return [...key, ...rest].slice(0, count)
}

/** An Element tree node of the blocking tree. */
export interface BlockingTreeNode {
  id: string
  pid: number
  node: BlockingNode
  children: BlockingTreeNode[]
}

/** The blocking tree for el-tree: ids unique even when a session waits on two blockers. */
export function toTreeData(nodes: readonly BlockingNode[], path = ''): BlockingTreeNode[] {
  return nodes.map((n, i) => {
    const id = `${path}${i}-${n.pid}`
    return { id, pid: n.pid, node: n, children: toTreeData(n.children ?? [], `${id}/`) }
  })
}

/** Every node id of the tree (to open it all). */
export function treeIds(nodes: readonly BlockingTreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...treeIds(n.children)])
}

/** Statements with the longest running first; blocked ones before others of the same length. */
export function sortStatements(list: readonly Statement[]): Statement[] {
  return [...list].sort((a, b) => (b.durationSeconds ?? -1) - (a.durationSeconds ?? -1) || b.blockedBy.length - a.blockedBy.length || a.pid - b.pid)
}

/** The first line of a query, cut to `max` characters. */
export function shortQuery(query: string | null | undefined, max = 120): string {
  const q = (query ?? '').replace(/\s+/g, ' ').trim()
  return q.length > max ? `${q.slice(0, max - 1)}…` : q
}
