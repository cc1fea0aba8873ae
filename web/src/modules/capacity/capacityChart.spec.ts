import { describe, expect, it } from 'vitest'
import type { CapacityResource } from './api'
import { DAY_MS, axisEnd } from './capacity'
import { layerChartOption, resourceLabel, tooltipRows } from './capacityChart'

const NOW = Date.UTC(2026, 10, 21, 16)
const FROM = NOW - 30 * DAY_MS
const LABELS = { capacity: 'capacity', now: 'now', forecast: 'forecast' }

function res(over: Partial<CapacityResource>): CapacityResource {
  return {
    ciId: 1,
    ciCode: 'vm-a',
    ciName: 'A',
    ciType: 'vm',
    business: [],
    layer: 'server',
    kind: 'filesystem',
    name: 'FS',
    instance: '/data',
    unit: 'bytes',
    capacity: 100,
    current: 50,
    headroom: 0.5,
    points: [
      [NOW - 3_600_000, 40],
      [NOW, 50],
    ],
    forecast: {
      outcome: 'FillsWithinHorizon',
      reason: '',
      model: 'Linear',
      cycle: null,
      growthPerDay: 5,
      daysUntilFull: 10,
      daysUntilFullEarliest: 8,
      daysUntilFullLatest: 12,
      fullAt: NOW + 10 * DAY_MS,
      fullAtEarliest: NOW + 8 * DAY_MS,
      fullAtLatest: NOW + 12 * DAY_MS,
      cleanupAt: null,
      projections: [{ days: 30, at: NOW + 30 * DAY_MS, expected: 200, peak: 200, low: 180, high: 220 }],
    },
    ...over,
  }
}

type Line = { id: string; name: string; stack?: string; data: [number, number | null][]; lineStyle?: { type?: string } }

describe('a layer chart', () => {
  const range = { from: FROM, to: NOW, end: axisEnd(NOW) }

  it('spans the period plus the forecast window, whatever the data', () => {
    const option = layerChartOption([res({})], range, LABELS) as { xAxis: { min: number; max: number } }
    expect(option.xAxis.min).toBe(FROM)
    expect(option.xAxis.max).toBe(NOW + 30 * DAY_MS)
  })

  it('draws history in %, the forecast dashed and its band stacked; a resource of unknown capacity not at all', () => {
    const option = layerChartOption([res({}), res({ ciCode: 'vm-b', capacity: null })], range, LABELS) as { series: Line[]; yAxis: { max: number } }
    expect(option.series.map((s) => s.id)).toEqual(['usage-0', 'bandlow-0', 'bandwidth-0', 'forecast-0'])
    expect(option.series[0].data).toEqual([
      [NOW - 3_600_000, 40],
      [NOW, 50],
    ])
    expect(option.series[3].lineStyle?.type).toBe('dashed')
    expect(option.series[1].stack).toBe(option.series[2].stack)
    // the line stops when the resource is full (100 %), 10 days ahead
    const last = option.series[3].data[option.series[3].data.length - 1]
    expect(last[0]).toBe(NOW + 10 * DAY_MS)
    expect(last[1]).toBeCloseTo(100)
    // every series of a resource shares its name: the legend hides them together
    expect(new Set(option.series.map((s) => s.name))).toEqual(new Set([resourceLabel(res({}))]))
    expect(option.yAxis.max).toBeGreaterThanOrEqual(100)
  })

  it('shows in the tooltip history before now and the forecast after it', () => {
    const params = [
      { seriesId: 'usage-0', seriesName: 'a', value: [NOW, 50] as [number, number], color: '#111' },
      { seriesId: 'bandlow-0', seriesName: 'a', value: [NOW, 50] as [number, number] },
      { seriesId: 'forecast-0', seriesName: 'a', value: [NOW, 50] as [number, number], color: '#111' },
    ]
    expect(tooltipRows(params, NOW - 3_600_000, NOW).map((r) => r.value)).toEqual([50])
    const later = [
      { seriesId: 'usage-0', seriesName: 'a', value: [NOW, 50] as [number, number] },
      { seriesId: 'forecast-0', seriesName: 'a', value: [NOW + 2 * DAY_MS, 70] as [number, number] },
    ]
    expect(tooltipRows(later, NOW + 2 * DAY_MS, NOW).map((r) => r.value)).toEqual([70])
  })
})
