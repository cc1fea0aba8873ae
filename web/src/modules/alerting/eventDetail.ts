/**
 * What the event page and the events list derive from an event, kept free of the DOM so it is tested: which series of
 * the rule's chart are the event's own, the chart with its threshold and firing period, the timeline in words, the
 * correlation wording and the list grouped by business system.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { timeSeriesOption, type ChartDisplay } from '@/modules/dashboards/chartOptions'
import type { ChartSeries, Labels } from '@/modules/dashboards/series'
import type { AlertEvent, BusinessRef, TimelineEntry } from './api'

/** Labels an alert carries that no series of its condition has: the rule's name and severity. */
const ALERT_ONLY_LABELS = new Set(['__name__', 'alertname', 'severity'])

/**
 * Whether a series of the rule's condition is the one the event is about: every label the two share has the same value.
 * The event's labels are the series' own plus what the rule adds (alertname, severity, its extra labels), so comparing
 * on the shared keys only leaves the rule's additions out without having to know them.
 */
export function matchesEventLabels(series: Labels, event: Labels): boolean {
  for (const [key, value] of Object.entries(series)) {
    if (ALERT_ONLY_LABELS.has(key)) continue
    if (key in event && event[key] !== value) return false
  }
  return true
}

/**
 * The series of the event among those of the chart's query. `matched` is false when none is (the condition was
 * aggregated differently since): then every series is drawn, and the page says so.
 */
export function seriesForEvent(series: ChartSeries[], event: Labels): { series: ChartSeries[]; matched: boolean } {
  const own = series.filter((s) => matchesEventLabels(s.labels, event))
  return own.length ? { series: own, matched: true } : { series, matched: false }
}

/** When the event fired, in ms: from its first firing until it was resolved, or until now while it is open. */
export function firingPeriod(event: Pick<AlertEvent, 'firstSeen' | 'lastSeen' | 'resolvedAt' | 'state'>, nowMs: number): { start: number; end: number } {
  const start = Date.parse(event.firstSeen)
  const end = event.resolvedAt ? Date.parse(event.resolvedAt) : event.state === 'resolved' ? Date.parse(event.lastSeen) : nowMs
  return { start, end: Math.max(start, end) }
}

export const THRESHOLD_COLOR = '#f56c6c'
const FIRING_SHADE = 'rgba(245, 108, 108, 0.14)'

/**
 * The event's chart: the dashboards' time-series option (lines, axes, tooltip), with the threshold as a labelled dashed
 * line the value axis always reaches, and the firing period shaded (the only shaded area, so it reads as "when it fired").
 */
export function eventChartOption(
  series: ChartSeries[],
  threshold: number | null,
  period: { start: number; end: number },
  range: { start: number; end: number },
  words: { threshold: string; firing: string },
  compact = false,
): EChartsOption {
  const display: ChartDisplay = { unit: 'none', thresholds: [] }
  const option = timeSeriesOption(series, display, { range, compact })
  const lines = (option.series as SeriesOption[]).map((s) => ({ ...s })) as (SeriesOption & { markLine?: unknown; markArea?: unknown })[]
  if (!lines.length) lines.push({ type: 'line', name: '', data: [] })
  const first = lines[0]
  first.markArea = {
    silent: true,
    label: { show: !compact, position: 'insideTopRight', color: THRESHOLD_COLOR, fontSize: 11 },
    data: [[{ xAxis: period.start, name: words.firing, itemStyle: { color: FIRING_SHADE } }, { xAxis: period.end }]],
  }
  if (threshold === null) return { ...option, series: lines }
  first.markLine = {
    silent: true,
    symbol: 'none',
    label: { show: true, position: 'insideEndTop', formatter: `${words.threshold} ${threshold}`, color: THRESHOLD_COLOR, fontSize: 11 },
    data: [{ yAxis: threshold, lineStyle: { color: THRESHOLD_COLOR, type: 'dashed', width: 1.5 } }],
  }
  // The axis fits the data, and the threshold with a margin, so the line is always in sight.
  const margin = (e: { min: number; max: number }) => Math.max(Math.abs(threshold) * 0.02, (Math.max(e.max, threshold) - Math.min(e.min, threshold)) * 0.08)
  const yAxis = { ...(option.yAxis as object), scale: true, min: (e: { min: number; max: number }) => Math.min(e.min, threshold - margin(e)), max: (e: { min: number; max: number }) => Math.max(e.max, threshold + margin(e)) }
  return { ...option, series: lines, yAxis }
}

export type Translate = (key: string, params?: Record<string, unknown>) => string

/** A timeline entry in words: what happened and who did it, a note when there is one, and an event it points to. */
export interface TimelineWords {
  text: string
  note: string | null
  /** the event this entry names (the root it was correlated to, the event attached to it) */
  link: { id: number; title: string | null } | null
  tone: 'danger' | 'warning' | 'success' | 'primary' | 'info'
}

/** `"12|核心交换机 B 不可达"` → the root's id and title (the title may itself contain the separator). */
export function parseCorrelation(detail: string | null): { id: number; title: string | null } | null {
  if (!detail) return null
  const at = detail.indexOf('|')
  const id = Number(at < 0 ? detail : detail.slice(0, at))
  if (!Number.isInteger(id) || id <= 0) return null
  return { id, title: at < 0 ? null : detail.slice(at + 1) || null }
}

/** An escalation entry's detail (JSON: route, policy, step and moment, counted from 0). */
export function parseEscalation(detail: string | null): { step: number; seq: number } | null {
  if (!detail) return null
  try {
    const value = JSON.parse(detail) as { step?: unknown; seq?: unknown }
    const step = Number(value.step)
    const seq = Number(value.seq ?? value.step)
    return Number.isInteger(step) && step >= 0 && Number.isInteger(seq) ? { step, seq } : null
  } catch {
    return null
  }
}

export function timelineWords(entry: TimelineEntry, t: Translate): TimelineWords {
  const actor = entry.actor ?? ''
  switch (entry.kind) {
    case 'opened':
      return { text: t('alerting.timeline.opened'), note: null, link: null, tone: 'danger' }
    case 'opened_in_maintenance':
      return { text: t('alerting.timeline.openedInMaintenance'), note: null, link: null, tone: 'info' }
    case 'reopened_flapping':
      return { text: t('alerting.timeline.reopened'), note: null, link: null, tone: 'warning' }
    case 'acknowledged':
      return { text: t('alerting.timeline.acknowledged', { actor }), note: null, link: null, tone: 'warning' }
    case 'resolved':
      return entry.actor
        ? { text: t('alerting.timeline.closedBy', { actor }), note: entry.detail || null, link: null, tone: 'success' }
        : { text: t('alerting.timeline.resolved'), note: null, link: null, tone: 'success' }
    case 'escalated': {
      const e = parseEscalation(entry.detail)
      if (!e) return { text: t('alerting.timeline.escalated'), note: null, link: null, tone: 'danger' }
      return e.seq > e.step
        ? { text: t('alerting.timeline.escalationRepeated', { level: e.step + 1, n: e.seq - e.step }), note: null, link: null, tone: 'danger' }
        : { text: t('alerting.timeline.escalatedTo', { level: e.step + 1 }), note: null, link: null, tone: 'danger' }
    }
    case 'correlated': {
      const root = parseCorrelation(entry.detail)
      return { text: t('alerting.timeline.correlated', { id: root?.id ?? '?' }), note: root?.title ?? null, link: root, tone: 'info' }
    }
    case 'child_attached': {
      const child = parseCorrelation(entry.detail)
      return { text: t('alerting.timeline.childAttached', { id: child?.id ?? '?' }), note: null, link: child, tone: 'info' }
    }
    default:
      return { text: entry.kind, note: entry.detail, link: null, tone: 'info' }
  }
}

/** A group of the list by business system; `business` null: events whose CI serves none (or that have no CI). */
export interface BusinessGroup {
  business: BusinessRef | null
  events: AlertEvent[]
}

/**
 * Events by the business systems their CIs serve, business systems by name (an event serving two is in both), the
 * events without one last. Each group keeps the list's order (most severe, most recent first).
 */
export function groupByBusiness(events: AlertEvent[], collator: Intl.Collator = new Intl.Collator('zh-CN')): BusinessGroup[] {
  const groups = new Map<number, BusinessGroup>()
  const none: AlertEvent[] = []
  for (const event of events) {
    const systems = event.businessSystems ?? []
    if (!systems.length) none.push(event)
    for (const b of systems) {
      let group = groups.get(b.id)
      if (!group) groups.set(b.id, (group = { business: b, events: [] }))
      if (!group.events.includes(event)) group.events.push(event)
    }
  }
  const sorted = [...groups.values()].sort((a, b) => collator.compare(a.business?.name ?? '', b.business?.name ?? ''))
  return none.length ? [...sorted, { business: null, events: none }] : sorted
}

/** A telephone link for a number as people write it (`0571-8888 6666`, `400-800-0000 转 2`): digits, + , * and # only. */
export function telHref(phone: string): string | null {
  // an extension after 转 (\u8f6c), a comma, a semicolon or "ext" is dialled by hand
  const main = phone.split(/[\u8f6c,\uff0c;\uff1b/]|ext/i)[0]
  const digits = main.replace(/[^\d+*#]/g, '')
  return digits.length >= 3 ? `tel:${digits}` : null
}
