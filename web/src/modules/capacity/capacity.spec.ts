import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import type { CapacityForecast, CapacityLayerView, CapacityReportLine, CapacityResource } from './api'
import {
  DAY_MS,
  adviceText,
  axisEnd,
  bottleneckResource,
  bottleneckText,
  daysBandText,
  daysLeft,
  forecastExtension,
  formatAmount,
  formatDays,
  growthText,
  headroomLevel,
  layerState,
  orderLayers,
  percentOfCapacity,
  reasonText,
  sortReport,
  usagePercentSeries,
  usedPercentText,
  type Translate,
} from './capacity'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, 'en-US': enUS } })
const zh: Translate = (key, params) => i18n.global.t(key, params ?? {}, { locale: 'zh-CN' })
const en: Translate = (key, params) => i18n.global.t(key, params ?? {}, { locale: 'en-US' })

// 2026-11-22 00:00 Asia/Shanghai
const NOW = Date.UTC(2026, 10, 21, 16)
const GB = 1e9

function forecast(over: Partial<CapacityForecast> = {}): CapacityForecast {
  return {
    outcome: 'NotGrowing',
    reason: 'Usage is not growing.',
    model: 'Linear',
    cycle: null,
    growthPerDay: null,
    daysUntilFull: null,
    daysUntilFullEarliest: null,
    daysUntilFullLatest: null,
    fullAt: null,
    fullAtEarliest: null,
    fullAtLatest: null,
    cleanupAt: null,
    projections: [],
    ...over,
  }
}

function resource(over: Partial<CapacityResource> = {}): CapacityResource {
  return {
    ciId: 118,
    ciCode: 'vm-pacs-ris',
    ciName: 'PACS VM',
    ciType: 'vm',
    business: ['pacs-ris'],
    layer: 'server',
    kind: 'filesystem',
    name: '文件系统',
    instance: '/data',
    unit: 'bytes',
    capacity: 500 * GB,
    current: 460 * GB,
    headroom: 0.08,
    points: [
      [NOW - 2 * 3_600_000, 450 * GB],
      [NOW - 3_600_000, 455 * GB],
      [NOW, 460 * GB],
    ],
    forecast: forecast(),
    ...over,
  }
}

/** /data grows 16 GB a day, full in 2.5 days; the 30-day projection says 940 GB (band ±20 GB). */
const filling = resource({
  forecast: forecast({
    outcome: 'FillsWithinHorizon',
    model: 'Seasonal',
    cycle: 'Daily',
    growthPerDay: 16 * GB,
    daysUntilFull: 2.5,
    daysUntilFullEarliest: 2,
    daysUntilFullLatest: 3,
    fullAt: NOW + 2.5 * DAY_MS,
    fullAtEarliest: NOW + 2 * DAY_MS,
    fullAtLatest: NOW + 3 * DAY_MS,
    projections: [
      { days: 30, at: NOW + 30 * DAY_MS, expected: 930 * GB, peak: 940 * GB, low: 920 * GB, high: 960 * GB },
      { days: 90, at: NOW + 90 * DAY_MS, expected: 1900 * GB, peak: 1900 * GB, low: 1800 * GB, high: 2000 * GB },
    ],
  }),
})

describe('layers', () => {
  it('come top down, every layer once, an unknown layer last', () => {
    const given: CapacityLayerView[] = [
      { layer: 'network', cis: 1, resources: [] },
      { layer: 'quantum', cis: 1, resources: [] },
      { layer: 'server', cis: 2, resources: [filling] },
    ]
    expect(orderLayers(given).map((l) => l.layer)).toEqual(['middleware', 'database', 'server', 'storage', 'network', 'quantum'])
    expect(orderLayers(given).find((l) => l.layer === 'database')).toEqual({ layer: 'database', cis: 0, resources: [] })
  })

  it('say whether they have no CIs or no monitored resources', () => {
    expect(layerState({ layer: 'storage', cis: 0, resources: [] })).toBe('noCis')
    expect(layerState({ layer: 'storage', cis: 2, resources: [] })).toBe('notMonitored')
    expect(layerState({ layer: 'server', cis: 2, resources: [filling] })).toBe('ok')
  })
})

describe('percent of capacity', () => {
  it('is the value over the capacity, null when either is unknown', () => {
    expect(percentOfCapacity(460, 500)).toBeCloseTo(92)
    expect(percentOfCapacity(460, null)).toBeNull()
    expect(percentOfCapacity(460, 0)).toBeNull()
    expect(percentOfCapacity(null, 500)).toBeNull()
  })

  it('turns the history into % and leaves a resource without capacity out of the chart', () => {
    expect(usagePercentSeries(filling).map(([, v]) => v)).toEqual([90, 91, 92])
    expect(usagePercentSeries(resource({ capacity: null }))).toEqual([])
  })

  it('writes used % and amounts in the unit', () => {
    expect(usedPercentText(filling)).toBe('92%')
    expect(usedPercentText(resource({ capacity: null }))).toBe('—')
    expect(formatAmount(500 * 1024 ** 3, 'bytes')).toBe('500 GiB')
    expect(formatAmount(820e6, 'bitsps')).toBe('820 Mbps')
    expect(formatAmount(38.5, 'count')).toBe('38.5')
    expect(formatAmount(42, 'percent')).toBe('42%')
    expect(formatAmount(null, 'bytes')).toBe('—')
  })
})

describe('forecast extension', () => {
  const end = axisEnd(NOW)

  it('runs from the last value to the expected full date when that comes before the window ends', () => {
    const ext = forecastExtension(filling, end)
    expect(ext.line[0]).toEqual([NOW, 92])
    const last = ext.line[ext.line.length - 1]
    expect(last[0]).toBe(NOW + 2.5 * DAY_MS)
    // linear from 460 GB now to the 940 GB peak in 30 days: 476 GB after 2.5 days
    expect(last[1]).toBeCloseTo((100 * (460 + (480 * 2.5) / 30)) / 500)
    expect(ext.band.length).toBe(ext.line.length)
    const [, low, high] = ext.band[ext.band.length - 1]
    expect(low).toBeLessThan(last[1])
    expect(high).toBeGreaterThan(last[1])
    // points every 6 h, so a tooltip finds one
    expect(ext.line[1][0] - ext.line[0][0]).toBe(6 * 3_600_000)
  })

  it('stops at the window end when the resource fills later, on the projection there', () => {
    const later = resource({ forecast: { ...filling.forecast, outcome: 'BeyondHorizon', fullAt: NOW + 60 * DAY_MS } })
    const ext = forecastExtension(later, end)
    expect(ext.line[ext.line.length - 1]).toEqual([end, 188])
    expect(ext.band[ext.band.length - 1]).toEqual([end, 184, 192])
  })

  it('is empty without projections, capacity, growth, or when already full', () => {
    expect(forecastExtension(resource(), end).line).toEqual([])
    expect(forecastExtension({ ...filling, capacity: null }, end).line).toEqual([])
    expect(forecastExtension({ ...filling, forecast: { ...filling.forecast, outcome: 'AlreadyFull' } }, end).line).toEqual([])
    expect(forecastExtension({ ...filling, forecast: { ...filling.forecast, outcome: 'NotGrowing', fullAt: null } }, end).line).toEqual([])
  })

  it('shares one x-range: the period plus 30 days', () => {
    expect(axisEnd(NOW)).toBe(NOW + 30 * DAY_MS)
  })
})

describe('headroom and days', () => {
  it('is red under 10 %, orange under 20 %', () => {
    expect(headroomLevel(0.08)).toBe('danger')
    expect(headroomLevel(0.1)).toBe('warning')
    expect(headroomLevel(0.19)).toBe('warning')
    expect(headroomLevel(0.2)).toBe('ok')
    expect(headroomLevel(null)).toBe('unknown')
  })

  it('writes days with one decimal under ten, and the band', () => {
    expect(formatDays(2.5722)).toBe('2.6')
    expect(formatDays(42.4)).toBe('42')
    expect(formatDays(-1)).toBe('0')
    expect(formatDays(null)).toBe('—')
    expect(daysBandText(filling)).toBe('2.5 (2–3)')
    expect(daysBandText(resource())).toBe('—')
    // a band as narrow as the rounding says nothing more
    expect(daysBandText(resource({ forecast: { ...filling.forecast, daysUntilFull: 2.57, daysUntilFullEarliest: 2.56, daysUntilFullLatest: 2.58 } }))).toBe('2.6')
    expect(daysLeft(filling)).toBe(2.5)
    expect(daysLeft(resource({ forecast: forecast({ outcome: 'AlreadyFull' }) }))).toBe(0)
  })
})

describe('sentences', () => {
  it('say when it fills, with the band and the cycle, in both languages', () => {
    expect(reasonText(filling, zh)).toBe('按每天 +14.9 GiB 的增长，预计 2026-11-24 写满（约 2.5 天；最早 2026-11-24，最晚 2026-11-25）；按日周期的峰值计算')
    expect(reasonText(filling, en)).toBe('Growing +14.9 GiB a day, full on 2026-11-24 (in about 2.5 days; earliest 2026-11-24, latest 2026-11-25); forecast on the daily peaks')
    expect(growthText(filling, zh)).toBe('+14.9 GiB/天')
  })

  it('say why there is no date', () => {
    expect(reasonText(resource(), zh)).toBe('用量平稳或在下降，不会写满')
    expect(reasonText(resource({ forecast: forecast({ outcome: 'TooFewPoints' }) }), en)).toBe('Too few data points to forecast yet')
    expect(reasonText(resource({ forecast: forecast({ outcome: 'HistoryTooShort' }) }), zh)).toBe('历史数据太短，暂不能预测')
    expect(reasonText(resource({ current: 500 * GB, forecast: forecast({ outcome: 'AlreadyFull' }) }), zh)).toBe('已经写满（当前 466 GiB，容量 466 GiB）')
    expect(reasonText(resource({ capacity: null, forecast: forecast({ outcome: 'CapacityUnknown', growthPerDay: 2 * 1024 ** 3 }) }), zh)).toBe('容量未知，只能看增长：每天 +2 GiB')
    expect(reasonText(resource({ forecast: forecast({ outcome: 'Strange', reason: 'Something new.' }) }), zh)).toBe('Something new.')
  })

  it('mention a clean-up', () => {
    const r = resource({ forecast: forecast({ cleanupAt: NOW - 3 * DAY_MS }) })
    expect(reasonText(r, zh)).toBe('用量平稳或在下降，不会写满；2026-11-19 有过一次清理，只用其后的数据')
  })

  it('find the bottleneck among the resources', () => {
    const b = { layer: 'server', ciId: 118, ciCode: 'vm-pacs-ris', name: '文件系统', instance: '/data', daysUntilFull: 2.5, headroom: 0.08, reason: '' }
    const other = resource({ instance: '/' })
    const c = { businessId: 5, businessCode: 'pacs-ris', businessName: 'PACS', days: 30, from: 0, to: NOW, layers: [{ layer: 'server', cis: 1, resources: [other, filling] }], bottleneck: b }
    expect(bottleneckResource(c)).toBe(filling)
    expect(bottleneckResource({ ...c, bottleneck: null })).toBeNull()
  })

  it('name the bottleneck by layer, CI, resource and instance', () => {
    const b = { layer: 'server', ciId: 118, ciCode: 'vm-pacs-ris', name: '文件系统', instance: '/data', daysUntilFull: 2.5722, headroom: 0.08, reason: '' }
    expect(bottleneckText(b, zh)).toBe('瓶颈：服务器层 vm-pacs-ris 文件系统 /data，约 2.6 天后写满')
    expect(bottleneckText({ ...b, name: 'File system' }, en)).toBe('Bottleneck: Server layer, vm-pacs-ris File system /data, full in about 2.6 days')
    expect(bottleneckText({ ...b, daysUntilFull: 0 }, zh)).toBe('瓶颈：服务器层 vm-pacs-ris 文件系统 /data，已经写满')
  })
})

describe('report', () => {
  const line = (r: CapacityResource, add: number | null = null): CapacityReportLine => ({ resource: r, fillsWithinDays: 30, mayFillWithinDays: 30, adviseAddAtLeast: add })

  it('comes sorted by days left, already full first', () => {
    const later = resource({ ciCode: 'later', forecast: { ...filling.forecast, daysUntilFull: 50 } })
    const full = resource({ ciCode: 'full', forecast: forecast({ outcome: 'AlreadyFull' }) })
    expect(sortReport([line(later), line(filling), line(full)]).map((l) => l.resource.ciCode)).toEqual(['full', 'vm-pacs-ris', 'later'])
  })

  it('advises how much to add, in the unit', () => {
    expect(adviceText(line(filling, 3 * 1024 ** 4), zh)).toBe('建议至少扩容 3 TiB')
    expect(adviceText(line(filling, 3 * 1024 ** 4), en)).toBe('Add at least 3 TiB')
    expect(adviceText(line(filling, null), zh)).toBe('')
  })
})
