/**
 * The capacity pages' rules, free of the DOM: the layers in OBASHI order, usage as a share of
 * capacity, the forecast drawn past now, headroom colours, the report's order, and the sentences
 * that say what a forecast means (built here from its outcome and numbers, in the UI's language;
 * the server's English reason stays a tooltip).
 */
import { formatDateTime } from '@/shared/format'
import { formatValue } from '@/modules/dashboards/units'
import type { Bottleneck, BusinessCapacity, CapacityLayer, CapacityLayerView, CapacityReportLine, CapacityResource } from './api'

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

/** Top down: what the users touch first, the wires last. */
export const LAYER_ORDER: readonly CapacityLayer[] = ['middleware', 'database', 'server', 'storage', 'network']

/** How far the charts draw the forecast past now (days): they all share [from, to + this]. */
export const FORECAST_WINDOW_DAYS = 30

/** Every layer once, in LAYER_ORDER (a layer the server left out is empty); a layer unknown here comes last. */
export function orderLayers(layers: readonly CapacityLayerView[]): CapacityLayerView[] {
  const byLayer = new Map(layers.map((l) => [l.layer, l]))
  const known = LAYER_ORDER.map((layer) => byLayer.get(layer) ?? { layer, cis: 0, resources: [] })
  const others = layers.filter((l) => !(LAYER_ORDER as readonly string[]).includes(l.layer))
  return [...known, ...others]
}

/** What a layer section says when it has nothing to draw: no CIs, or CIs without monitored resources. */
export function layerState(layer: CapacityLayerView): 'noCis' | 'notMonitored' | 'ok' {
  if (layer.resources.length > 0) return 'ok'
  return layer.cis > 0 ? 'notMonitored' : 'noCis'
}

/** The server's unit as the dashboards' unit formatting knows it. */
export function displayUnit(unit: string): string {
  switch (unit) {
    case 'bytes':
      return 'bytes'
    case 'bitsps':
      return 'bps'
    case 'count':
      return 'count'
    case 'percent':
      return 'percent'
    default:
      return 'none'
  }
}

/** A value of a resource in its unit (`1.5 GiB`, `820 Mbps`, `42%`); `—` when missing. */
export function formatAmount(value: number | null | undefined, unit: string): string {
  return formatValue(value, displayUnit(unit))
}

/** value as a percentage of capacity (0–100+), or null when either is unknown. */
export function percentOfCapacity(value: number | null | undefined, capacity: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  if (capacity === null || capacity === undefined || !Number.isFinite(capacity) || capacity <= 0) return null
  return (100 * value) / capacity
}

/** Whether a resource can be drawn as a share of its capacity. */
export function chartable(r: CapacityResource): boolean {
  return r.capacity !== null && r.capacity > 0 && r.points.length > 0
}

/** The usage history as % of capacity ([] when the capacity is unknown). */
export function usagePercentSeries(r: CapacityResource): [number, number | null][] {
  if (!chartable(r)) return []
  return r.points.map(([t, v]) => [t, percentOfCapacity(v, r.capacity)])
}

/** The end of the common time axis: `to` plus the forecast window. */
export function axisEnd(to: number, windowDays = FORECAST_WINDOW_DAYS): number {
  return to + windowDays * DAY_MS
}

/** Outcomes whose projection is drawn: the resource grows (a flat or shrinking one keeps its history only). */
const GROWING: readonly string[] = ['FillsWithinHorizon', 'BeyondHorizon']

export interface ForecastExtension {
  /** the dashed line: the expected peak, % of capacity */
  line: [number, number][]
  /** the band: [t, low %, high %] */
  band: [number, number, number][]
}

/**
 * The forecast drawn past the last point, in % of capacity: from the last measured value to the
 * projection `windowDays` ahead, stopping where the resource is expected full (fullAt) when
 * that comes first (only for a growing resource); points every `stepMs` so a tooltip finds one near the pointer. The line is the
 * peak (what fills, for a seasonal model), the band low–high. Empty when there is no projection,
 * no capacity, or the resource is already full.
 */
export function forecastExtension(r: CapacityResource, windowEnd: number, stepMs = 6 * HOUR_MS): ForecastExtension {
  const none: ForecastExtension = { line: [], band: [] }
  const f = r.forecast
  if (!chartable(r) || !GROWING.includes(f.outcome) || !f.projections?.length) return none
  const [anchorT, anchorV] = r.points[r.points.length - 1]
  // the projection that reaches the window's end (else the farthest there is)
  const target = [...f.projections].sort((a, b) => a.at - b.at).find((p) => p.at >= windowEnd) ?? f.projections[f.projections.length - 1]
  if (target.at <= anchorT) return none
  let end = Math.min(windowEnd, target.at)
  if (f.fullAt !== null && f.fullAt > anchorT) end = Math.min(end, f.fullAt)
  if (end <= anchorT) return none
  const at = (t: number, v: number) => anchorV + ((v - anchorV) * (t - anchorT)) / (target.at - anchorT)
  const pct = (v: number) => percentOfCapacity(v, r.capacity) as number
  const times: number[] = []
  for (let t = anchorT; t < end; t += stepMs) times.push(t)
  times.push(end)
  return {
    line: times.map((t) => [t, pct(at(t, target.peak))]),
    band: times.map((t) => [t, pct(at(t, target.low)), pct(at(t, target.high))]),
  }
}

export type HeadroomLevel = 'danger' | 'warning' | 'ok' | 'unknown'

/** Red under 10 % left, orange under 20 %. */
export function headroomLevel(headroom: number | null | undefined): HeadroomLevel {
  if (headroom === null || headroom === undefined || !Number.isFinite(headroom)) return 'unknown'
  if (headroom < 0.1) return 'danger'
  if (headroom < 0.2) return 'warning'
  return 'ok'
}

/** 0.042 → `4.2%` */
export function formatHeadroom(headroom: number | null | undefined): string {
  return formatValue(headroom, 'percentunit')
}

/** Days as people read them: one decimal under ten days, whole days beyond. */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return '—'
  const d = Math.max(0, days)
  return d < 10 ? String(Math.round(d * 10) / 10) : String(Math.round(d))
}

/** A date in Shanghai (`2026-11-24`), '' for none. */
export function formatDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : formatDateTime(ms).slice(0, 10)
}

/** The days a resource has left: expected, else the earliest, 0 when already full; null when it does not fill. */
export function daysLeft(r: CapacityResource): number | null {
  const f = r.forecast
  if (f.outcome === 'AlreadyFull') return 0
  return f.daysUntilFull ?? f.daysUntilFullEarliest ?? null
}

/** The report's order: soonest full first; then the fuller resource. */
export function sortReport(lines: readonly CapacityReportLine[]): CapacityReportLine[] {
  const key = (l: CapacityReportLine) => daysLeft(l.resource) ?? l.fillsWithinDays ?? l.mayFillWithinDays ?? Number.POSITIVE_INFINITY
  return [...lines].sort((a, b) => key(a) - key(b) || (a.resource.headroom ?? 1) - (b.resource.headroom ?? 1))
}

/** A business system's resources across layers, for counting what is monitored. */
export function allResources(c: BusinessCapacity): CapacityResource[] {
  return c.layers.flatMap((l) => l.resources)
}

/** A translator as vue-i18n's `t` is called here. */
export type Translate = (key: string, params?: Record<string, string | number>) => string

/** The growth per day, signed, in the resource's unit (`+1.2 GiB`), '' when unknown. */
export function growthAmount(r: CapacityResource): string {
  const g = r.forecast.growthPerDay
  if (g === null || g === undefined || !Number.isFinite(g)) return ''
  return `${g > 0 ? '+' : ''}${formatAmount(g, r.unit)}`
}

/** The growth per day as a table shows it (`+1.2 GiB/天`), '' when unknown. */
export function growthText(r: CapacityResource, t: Translate): string {
  const amount = growthAmount(r)
  return amount ? t('capacity.perDay', { amount }) : ''
}

/** `2.6（1.9–3.4）`: the expected days and, when known, the band. */
export function daysBandText(r: CapacityResource): string {
  const f = r.forecast
  if (f.outcome === 'AlreadyFull') return '0'
  if (f.daysUntilFull === null && f.daysUntilFullEarliest === null) return '—'
  const main = formatDays(f.daysUntilFull ?? f.daysUntilFullEarliest)
  if (f.daysUntilFullEarliest === null && f.daysUntilFullLatest === null) return main
  const earliest = formatDays(f.daysUntilFullEarliest)
  const latest = f.daysUntilFullLatest === null ? '…' : formatDays(f.daysUntilFullLatest)
  return earliest === main && latest === main ? main : `${main} (${earliest}–${latest})`
}

/**
 * What the forecast means, in the UI's language, from its outcome and numbers: when it fills (and
 * how sure), that it is full, that it does not grow, or why there is no forecast. A clean-up the
 * forecaster saw (usage fell sharply) is said too. An outcome unknown here: the server's sentence.
 */
export function reasonText(r: CapacityResource, t: Translate): string {
  const f = r.forecast
  const growth = growthAmount(r)
  const g = growth || t('capacity.reason.unknownGrowth')
  let text: string
  switch (f.outcome) {
    case 'FillsWithinHorizon':
      text =
        f.fullAtEarliest !== null || f.fullAtLatest !== null
          ? t('capacity.reason.fillsBand', {
              growth: g,
              date: formatDate(f.fullAt),
              days: formatDays(f.daysUntilFull),
              earliest: formatDate(f.fullAtEarliest) || '—',
              latest: formatDate(f.fullAtLatest) || '—',
            })
          : t('capacity.reason.fills', { growth: g, date: formatDate(f.fullAt), days: formatDays(f.daysUntilFull) })
      break
    case 'AlreadyFull':
      text = t('capacity.reason.alreadyFull', { current: formatAmount(r.current, r.unit), capacity: formatAmount(r.capacity, r.unit) })
      break
    case 'BeyondHorizon':
      text = t('capacity.reason.beyondHorizon', { growth: g })
      break
    case 'NotGrowing':
      text = t('capacity.reason.notGrowing')
      break
    case 'TooFewPoints':
      text = t('capacity.reason.tooFewPoints')
      break
    case 'HistoryTooShort':
      text = t('capacity.reason.historyTooShort')
      break
    case 'CapacityUnknown':
      text = growth ? t('capacity.reason.capacityUnknownGrowth', { growth }) : t('capacity.reason.capacityUnknown')
      break
    default:
      return f.reason
  }
  if (f.model === 'Seasonal' && f.cycle && f.outcome === 'FillsWithinHorizon') {
    text += t(f.cycle === 'Weekly' ? 'capacity.reason.seasonalWeekly' : 'capacity.reason.seasonalDaily')
  }
  if (f.cleanupAt !== null && f.cleanupAt !== undefined) text += t('capacity.reason.cleanup', { date: formatDate(f.cleanupAt) })
  return text
}

/** The bottleneck card's sentence (瓶颈：服务器层 vm-pacs-ris 文件系统 /data，约 2.6 天后写满). */
export function bottleneckText(b: Bottleneck, t: Translate): string {
  const layer = (LAYER_ORDER as readonly string[]).includes(b.layer) ? t(`capacity.layers.${b.layer}`) : b.layer
  const what = [b.ciCode, b.name, b.instance].filter(Boolean).join(' ')
  if (b.daysUntilFull === null || b.daysUntilFull === undefined) return t('capacity.bottleneck.atRisk', { layer, what })
  if (b.daysUntilFull <= 0) return t('capacity.bottleneck.full', { layer, what })
  return t('capacity.bottleneck.fills', { layer, what, days: formatDays(b.daysUntilFull) })
}

/** The report's advice in the resource's unit (建议至少扩容 1.2 TiB), '' when none is needed. */
export function adviceText(line: CapacityReportLine, t: Translate): string {
  if (line.adviseAddAtLeast === null || !(line.adviseAddAtLeast > 0)) return ''
  return t('capacity.report.advice', { amount: formatAmount(line.adviseAddAtLeast, line.resource.unit) })
}

/** Used share of capacity (`87.5%`), '—' when the capacity is unknown. */
export function usedPercentText(r: CapacityResource): string {
  return formatValue(percentOfCapacity(r.current, r.capacity), 'percent')
}

/** The resource the bottleneck names (for its full forecast), or null when the layers do not hold it. */
export function bottleneckResource(c: BusinessCapacity): CapacityResource | null {
  const b = c.bottleneck
  if (!b) return null
  return allResources(c).find((r) => r.ciId === b.ciId && r.layer === b.layer && r.name === b.name && r.instance === b.instance) ?? null
}
