/**
 * ECharts options for the panels, from series and a panel's display settings. Kept free of the
 * DOM so the choices (axis bounds, thresholds, stacking, the brush that zooms) are tested.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { formatDateTimeSeconds } from '@/shared/format'
import type { ChartSeries } from './series'
import type { Threshold } from './model'
import { formatValue, unitBounds } from './units'

export interface ChartDisplay {
  unit: string
  decimals?: number
  min?: number
  max?: number
  thresholds: Threshold[]
  stacked?: boolean
}

export interface ThresholdBand {
  from: number
  to: number | null
  color: string
}

/** Thresholds sorted by value, each colouring the band up to the next (the last one open-ended). */
export function thresholdBands(thresholds: Threshold[]): ThresholdBand[] {
  const sorted = [...thresholds].filter((t) => Number.isFinite(t.value)).sort((a, b) => a.value - b.value)
  return sorted.map((t, i) => ({ from: t.value, to: i + 1 < sorted.length ? sorted[i + 1].value : null, color: t.color }))
}

/** The colour of a value under the thresholds (the highest threshold it reaches), or the fallback. */
export function thresholdColor(value: number | null, thresholds: Threshold[], fallback: string): string {
  if (value === null || !Number.isFinite(value)) return fallback
  let color = fallback
  for (const t of [...thresholds].sort((a, b) => a.value - b.value)) if (value >= t.value) color = t.color
  return color
}

type AxisBound = number | ((extent: { min: number; max: number }) => number) | undefined

/**
 * The value axis's bounds: the panel's own are fixed; a unit's (percent 0–100) are only a floor
 * and a ceiling the axis grows past when the data does (a process using 180 % of one core).
 */
function valueAxisBounds(d: ChartDisplay): { min: AxisBound; max: AxisBound } {
  const implied = unitBounds(d.unit)
  const min: AxisBound = d.min ?? (implied.min !== undefined ? (e) => Math.min(e.min, implied.min as number) : undefined)
  const max: AxisBound = d.max ?? (implied.max !== undefined ? (e) => Math.max(e.max, implied.max as number) : undefined)
  return { min, max }
}

/** A hex colour with an alpha, for the threshold bands. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim())
  if (!m) return color
  const n = parseInt(m[1], 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

/**
 * Threshold lines, and bands between them. The open top band runs to the axis's top when the
 * panel fixes one, else to the highest value drawn (ECharts' own `max` would mean the series'
 * largest value, leaving the band short or upside down).
 */
function thresholdMarks(d: ChartDisplay, dataMax = -Infinity) {
  const bands = thresholdBands(d.thresholds)
  if (!bands.length) return {}
  const top = d.max ?? Math.max(unitBounds(d.unit).max ?? -Infinity, dataMax, bands[bands.length - 1].from)
  return {
    markLine: {
      silent: true,
      symbol: 'none',
      label: { show: false },
      data: bands.map((b) => ({ yAxis: b.from, lineStyle: { color: b.color, type: 'dashed' as const, width: 1 } })),
    },
    markArea: {
      silent: true,
      data: bands
        .map((b): [{ yAxis: number; itemStyle: { color: string } }, { yAxis: number }] => [
          { yAxis: b.from, itemStyle: { color: withAlpha(b.color, 0.08) } },
          { yAxis: b.to === null ? top : b.to },
        ])
        .filter(([a, b]) => b.yAxis > a.yAxis),
    },
  }
}

/** Tooltip rows: the time, then each series' value in the unit, largest first. */
export function tooltipHtml(time: number, rows: { name: string; value: number | null; color: string }[], d: ChartDisplay): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
  const sorted = [...rows].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity)).slice(0, 20)
  const lines = sorted.map(
    (r) =>
      `<div style="display:flex;gap:8px;justify-content:space-between"><span style="max-width:320px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap"><span style="display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:4px;background:${esc(r.color)}"></span>${esc(r.name)}</span><b>${esc(formatValue(r.value, d.unit, d.decimals))}</b></div>`,
  )
  const more = rows.length > sorted.length ? `<div>… ${rows.length - sorted.length}</div>` : ''
  return `<div style="font-size:12px">${esc(formatDateTimeSeconds(time))}</div>${lines.join('')}${more}`
}

/**
 * Decimals for the value axis of a plain number that varies little (a ratio between 0.889 and 0.893): enough for the axis's
 * four steps to read apart; undefined (the unit's own choice) otherwise.
 */
export function axisDecimals(unit: string, min: number, max: number): number | undefined {
  if (unit && unit !== 'none') return undefined
  const step = (max - min) / 4
  if (!Number.isFinite(step) || step <= 0 || step >= 1 || Math.max(Math.abs(min), Math.abs(max)) >= 1e6) return undefined
  return Math.min(6, Math.max(0, Math.ceil(-Math.log10(step))))
}

/** A time-series chart: one line per series, thresholds, units on the axis, drag to zoom. */
export function timeSeriesOption(series: ChartSeries[], d: ChartDisplay, opts: { compact?: boolean; range?: { start: number; end: number } } = {}): EChartsOption {
  let dataMax = -Infinity
  let dataMin = Infinity
  for (const s of series) for (const [, v] of s.points) if (v !== null && Number.isFinite(v)) {
    if (v > dataMax) dataMax = v
    if (v < dataMin) dataMin = v
  }
  const marks = thresholdMarks(d, dataMax)
  const labelDecimals = d.decimals ?? axisDecimals(d.unit, dataMin, dataMax)
  const lines: SeriesOption[] = series.map((s, i) => ({
    type: 'line',
    name: s.name,
    data: s.points,
    showSymbol: s.points.length < 3,
    symbolSize: 4,
    connectNulls: false,
    lineStyle: { width: 1.5 },
    emphasis: { focus: 'series' },
    ...(d.stacked ? { stack: 'total', areaStyle: { opacity: 0.25 } } : {}),
    ...(i === 0 ? marks : {}),
  }))
  if (!lines.length && (marks.markLine || marks.markArea)) lines.push({ type: 'line', name: '', data: [], ...marks })
  const bounds = valueAxisBounds(d)
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: opts.compact ? 8 : series.length > 1 ? 48 : 16, containLabel: true },
    legend: series.length > 1 && !opts.compact ? { type: 'scroll', bottom: 0, left: 0, right: 0, textStyle: { fontSize: 11 } } : { show: false },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { axisValue?: number; seriesName?: string; value?: [number, number | null]; color?: string }[]
        const time = Number(list[0]?.axisValue ?? list[0]?.value?.[0] ?? 0)
        return tooltipHtml(
          time,
          list.filter((p) => p.seriesName).map((p) => ({ name: p.seriesName ?? '', value: p.value?.[1] ?? null, color: typeof p.color === 'string' ? p.color : '#999' })),
          d,
        )
      },
    },
    xAxis: { type: 'time', ...(opts.range ? { min: opts.range.start * 1000, max: opts.range.end * 1000 } : {}), axisLabel: { hideOverlap: true, fontSize: 11 } },
    yAxis: {
      type: 'value',
      min: bounds.min,
      max: bounds.max,
      scale: bounds.min === undefined,
      splitNumber: 4,
      axisLabel: { fontSize: 11, formatter: (v: number) => formatValue(v, d.unit, labelDecimals) },
    },
    toolbox: { show: false, feature: { brush: { type: ['lineX'] } } },
    brush: { xAxisIndex: 0, brushType: 'lineX', brushMode: 'single', throttleType: 'debounce', throttleDelay: 200, brushStyle: { color: 'rgba(64,158,255,0.15)', borderColor: 'rgba(64,158,255,0.6)' } },
    series: lines,
  }
}

/** A bar chart of instant values, one bar per series, coloured by thresholds. */
export function barOption(rows: { name: string; value: number | null }[], d: ChartDisplay, horizontal: boolean): EChartsOption {
  const bounds = valueAxisBounds(d)
  const valueAxis = { type: 'value' as const, min: bounds.min, max: bounds.max, axisLabel: { fontSize: 11, formatter: (v: number) => formatValue(v, d.unit, d.decimals) } }
  const categoryAxis = { type: 'category' as const, data: rows.map((r) => r.name), axisLabel: { fontSize: 11, width: 120, overflow: 'truncate' as const, hideOverlap: true } }
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', confine: true, formatter: (p: unknown) => { const x = p as { name: string; value: number | null }; return `${x.name}<br/><b>${formatValue(x.value, d.unit, d.decimals)}</b>` } },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ name: r.name, value: r.value, itemStyle: { color: thresholdColor(r.value, d.thresholds, '#5470c6') } })),
        barMaxWidth: 28,
        label: { show: rows.length <= 12, position: horizontal ? 'right' : 'top', fontSize: 11, formatter: (p: unknown) => formatValue((p as { value: number | null }).value, d.unit, d.decimals) },
      },
    ],
  }
}

/** The scale comes from min/max or the unit (percent 0–100); the arc is coloured by the thresholds. */
/** A gauge of one value (`compact`: a small panel, without scale labels). */
export function gaugeOption(value: number | null, d: ChartDisplay, fallbackColor = '#5470c6', compact = false): EChartsOption {
  const implied = unitBounds(d.unit)
  const min = d.min ?? implied.min ?? 0
  const max = d.max ?? implied.max ?? (value !== null && value > 0 ? niceCeiling(value) : 100)
  const span = max - min || 1
  const bands = thresholdBands(d.thresholds)
  const stops: [number, string][] = []
  let previousColor = fallbackColor
  for (const b of bands) {
    const at = Math.min(1, Math.max(0, (b.from - min) / span))
    if (at > 0) stops.push([at, previousColor])
    previousColor = b.color
  }
  stops.push([1, previousColor])
  return {
    backgroundColor: 'transparent',
    animation: false,
    series: [
      {
        type: 'gauge',
        min,
        max,
        radius: '95%',
        center: ['50%', '58%'],
        startAngle: 210,
        endAngle: -30,
        progress: { show: false },
        axisLine: { lineStyle: { width: compact ? 8 : 10, color: stops } },
        axisTick: { show: false },
        splitLine: { show: !compact, length: 8, lineStyle: { width: 1 } },
        axisLabel: { show: !compact, distance: 14, fontSize: 10, formatter: (v: number) => formatValue(v, d.unit, 0) },
        pointer: { width: compact ? 3 : 4, length: '60%' },
        detail: { valueAnimation: false, fontSize: compact ? 16 : 20, offsetCenter: [0, compact ? '55%' : '45%'], formatter: () => formatValue(value, d.unit, d.decimals) },
        data: [{ value: value ?? min }],
      },
    ],
  }
}

/** A round number at or above the value (1, 2, 5 × 10ⁿ): a gauge's top when nothing says. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1
  const p = Math.pow(10, Math.floor(Math.log10(value)))
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p
  return 10 * p
}

/** A sparkline under a stat's number: the line only. */
export function sparklineOption(points: [number, number | null][], color: string): EChartsOption {
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 0, right: 0, top: 2, bottom: 0 },
    xAxis: { type: 'time', show: false },
    yAxis: { type: 'value', show: false, scale: true },
    tooltip: { show: false },
    series: [{ type: 'line', data: points, showSymbol: false, lineStyle: { width: 1.5, color }, areaStyle: { color, opacity: 0.15 }, silent: true }],
  }
}
