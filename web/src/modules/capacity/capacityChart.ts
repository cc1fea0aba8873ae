/**
 * A layer's chart: each resource's usage as % of its capacity over the period, its forecast
 * past now (dashed line, shaded band), the capacity line at 100 %, and the forecast window
 * shaded; every layer's chart gets the same x-range so they read as one time axis.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { tooltipHtml, withAlpha } from '@/modules/dashboards/chartOptions'
import type { CapacityResource } from './api'
import { HOUR_MS, chartable, forecastExtension, usagePercentSeries } from './capacity'

/** ECharts' own palette, named so a resource's forecast takes its line's colour. */
export const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc']

export interface LayerChartLabels {
  capacity: string
  now: string
  forecast: string
}

/** A resource's name in the legend and tooltip: `vm-pacs-ris 文件系统 /data`. */
export function resourceLabel(r: Pick<CapacityResource, 'ciCode' | 'name' | 'instance'>): string {
  return [r.ciCode, r.name, r.instance].filter(Boolean).join(' ')
}

type Point = { seriesId?: string; seriesName?: string; value?: [number, number | null]; color?: string }

/** Which tooltip rows belong at the pointer: history up to now, the forecast after it, each near the pointer. */
export function tooltipRows(params: Point[], axisTime: number, now: number): { name: string; value: number | null; color: string }[] {
  const rows: { name: string; value: number | null; color: string }[] = []
  const seen = new Set<string>()
  for (const p of params) {
    const id = p.seriesId ?? ''
    const [t, v] = p.value ?? [Number.NaN, null]
    const history = id.startsWith('usage-')
    const forecast = id.startsWith('forecast-')
    if (!history && !forecast) continue
    if (history && (axisTime > now + HOUR_MS || Math.abs(t - axisTime) > 2 * HOUR_MS)) continue
    if (forecast && (axisTime < now || Math.abs(t - axisTime) > 6 * HOUR_MS)) continue
    const name = p.seriesName ?? ''
    if (seen.has(name)) continue
    seen.add(name)
    rows.push({ name, value: v, color: typeof p.color === 'string' ? p.color : '#999' })
  }
  return rows
}

export function layerChartOption(
  resources: readonly CapacityResource[],
  range: { from: number; to: number; end: number },
  labels: LayerChartLabels,
  opts: { compact?: boolean } = {},
): EChartsOption {
  const shown = resources.filter(chartable)
  const series: SeriesOption[] = []
  let dataMax = 100
  shown.forEach((r, i) => {
    const color = PALETTE[i % PALETTE.length]
    const name = resourceLabel(r)
    const usage = usagePercentSeries(r)
    const ext = forecastExtension(r, range.end)
    for (const [, v] of usage) if (v !== null && v > dataMax) dataMax = v
    for (const [, , high] of ext.band) if (high > dataMax) dataMax = high
    series.push({
      type: 'line',
      id: `usage-${i}`,
      name,
      data: usage,
      showSymbol: false,
      lineStyle: { width: 1.5, color },
      itemStyle: { color },
      emphasis: { focus: 'series' },
      ...(i === 0
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              data: [
                { yAxis: 100, lineStyle: { color: '#f56c6c', type: 'solid' as const, width: 1 }, label: { formatter: labels.capacity, position: 'insideStartTop' as const, fontSize: 10 } },
                { xAxis: range.to, lineStyle: { color: '#909399', type: 'dotted' as const, width: 1 }, label: { formatter: labels.now, position: 'end' as const, fontSize: 10 } },
              ],
            },
            markArea: { silent: true, itemStyle: { color: 'rgba(144,147,153,0.08)' }, label: { show: !opts.compact, position: 'insideTop' as const, fontSize: 10, color: '#909399' }, data: [[{ xAxis: range.to, name: labels.forecast }, { xAxis: range.end }]] },
          }
        : {}),
    })
    if (ext.line.length) {
      // the band is a stack of the low edge (invisible) and the width up to the high edge (shaded)
      series.push({ type: 'line', id: `bandlow-${i}`, name, data: ext.band.map(([t, low]) => [t, low]), stack: `band-${i}`, showSymbol: false, lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } })
      series.push({
        type: 'line',
        id: `bandwidth-${i}`,
        name,
        data: ext.band.map(([t, low, high]) => [t, Math.max(0, high - low)]),
        stack: `band-${i}`,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: withAlpha(color, 0.18) },
        silent: true,
        tooltip: { show: false },
      })
      series.push({ type: 'line', id: `forecast-${i}`, name, data: ext.line, showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color }, itemStyle: { color } })
    }
  })
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 8, right: 24, top: 20, bottom: opts.compact ? 8 : shown.length > 0 ? 48 : 16, containLabel: true },
    legend: shown.length && !opts.compact ? { type: 'scroll', bottom: 0, left: 0, right: 0, textStyle: { fontSize: 11 }, data: shown.map(resourceLabel) } : { show: false },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as (Point & { axisValue?: number })[]
        const time = Number(list[0]?.axisValue ?? list[0]?.value?.[0] ?? 0)
        return tooltipHtml(time, tooltipRows(list, time, range.to), { unit: 'percent', thresholds: [] })
      },
    },
    xAxis: { type: 'time', min: range.from, max: range.end, axisLabel: { hideOverlap: true, fontSize: 11 } },
    yAxis: {
      type: 'value',
      min: 0,
      // steps of 25 %, so the capacity line at 100 % is always a gridline
      max: Math.max(100, Math.ceil(dataMax / 25) * 25),
      interval: 25,
      axisLabel: { fontSize: 11, formatter: (v: number) => `${v}%` },
    },
    series,
  }
}
