import { describe, expect, it } from 'vitest'
import type { ChartSeries } from '@/modules/dashboards/series'
import type { AlertEvent, TimelineEntry } from './api'
import {
  eventChartOption,
  firingPeriod,
  groupByBusiness,
  matchesEventLabels,
  parseCorrelation,
  seriesForEvent,
  telHref,
  timelineWords,
  type Translate,
} from './eventDetail'

const eventLabels = { alertname: 'EMR 表空间', severity: 'critical', ci: 'db-emr', tablespace: 'EMR_DATA', team: 'dba' }

const series = (labels: Record<string, string>): ChartSeries => ({ name: JSON.stringify(labels), labels, points: [[0, 1]] })

describe('the series of an event', () => {
  it('match on the labels they share with the event, leaving out the metric name and what the rule adds', () => {
    expect(matchesEventLabels({ __name__: 'oracle_tablespace_used_ratio', ci: 'db-emr', tablespace: 'EMR_DATA', instance: 'db-emr:1521' }, eventLabels)).toBe(true)
    expect(matchesEventLabels({ __name__: 'oracle_tablespace_used_ratio', ci: 'db-emr', tablespace: 'USERS' }, eventLabels)).toBe(false)
    expect(matchesEventLabels({ __name__: 'oracle_tablespace_used_ratio', ci: 'db-hrp', tablespace: 'EMR_DATA' }, eventLabels)).toBe(false)
    // an aggregated series without labels is the event's too
    expect(matchesEventLabels({}, eventLabels)).toBe(true)
    // a series named like the alert's own labels is not told apart by them
    expect(matchesEventLabels({ severity: 'x', alertname: 'y', ci: 'db-emr' }, eventLabels)).toBe(true)
  })

  it('keep only the event\'s own series, or all of them (flagged) when none matches', () => {
    const all = [series({ ci: 'db-emr', tablespace: 'EMR_DATA' }), series({ ci: 'db-emr', tablespace: 'USERS' }), series({ ci: 'db-hrp', tablespace: 'HRP_DATA' })]
    const own = seriesForEvent(all, eventLabels)
    expect(own.matched).toBe(true)
    expect(own.series.map((s) => s.labels.tablespace)).toEqual(['EMR_DATA'])
    const none = seriesForEvent([series({ ci: 'pacs-web-01' })], eventLabels)
    expect(none).toEqual({ series: [series({ ci: 'pacs-web-01' })], matched: false })
  })
})

describe('the firing period', () => {
  it('runs from the first firing to the resolution, or to now while the event is open', () => {
    const now = Date.parse('2026-11-22T10:00:00Z')
    expect(firingPeriod({ firstSeen: '2026-11-22T09:00:00Z', lastSeen: '2026-11-22T09:30:00Z', resolvedAt: null, state: 'firing' }, now)).toEqual({
      start: Date.parse('2026-11-22T09:00:00Z'),
      end: now,
    })
    expect(firingPeriod({ firstSeen: '2026-11-22T09:00:00Z', lastSeen: '2026-11-22T09:30:00Z', resolvedAt: '2026-11-22T09:40:00Z', state: 'resolved' }, now).end).toBe(
      Date.parse('2026-11-22T09:40:00Z'),
    )
  })
})

describe('the event chart', () => {
  const words = { threshold: 'threshold', firing: 'firing' }
  type Marked = { markLine?: { data: { yAxis: number }[]; label: { formatter: string } }; markArea?: { data: [{ xAxis?: number; yAxis?: number; name?: string }, { xAxis?: number }][] } }
  type Bound = (e: { min: number; max: number }) => number

  it('draws the threshold as a labelled line and shades the firing period, and nothing else', () => {
    const option = eventChartOption([series({ ci: 'db-emr' })], 0.8, { start: 1000, end: 5000 }, { start: 0, end: 10 }, words)
    const first = (option.series as Marked[])[0]
    expect(first.markLine?.data).toEqual([expect.objectContaining({ yAxis: 0.8 })])
    expect(first.markLine?.label.formatter).toBe('threshold 0.8')
    expect(first.markArea?.data).toEqual([[expect.objectContaining({ xAxis: 1000, name: 'firing' }), { xAxis: 5000 }]])
    expect(option.xAxis).toMatchObject({ min: 0, max: 10_000 })
  })

  it('keeps the threshold in sight when the values stay far above or below it', () => {
    const axis = eventChartOption([series({})], 0.8, { start: 0, end: 1 }, { start: 0, end: 1 }, words).yAxis as { min: Bound; max: Bound }
    // values 0.891..0.893: the axis reaches down past 0.8
    expect(axis.min({ min: 0.891, max: 0.893 })).toBeLessThan(0.8)
    expect(axis.max({ min: 0.891, max: 0.893 })).toBe(0.893)
    // values 10..20 under a threshold of 90: the axis reaches up past 90
    const low = eventChartOption([series({})], 90, { start: 0, end: 1 }, { start: 0, end: 1 }, words).yAxis as { min: Bound; max: Bound }
    expect(low.max({ min: 10, max: 20 })).toBeGreaterThan(90)
    expect(low.min({ min: 10, max: 20 })).toBe(10)
  })

  it('shades the firing period even without a threshold or any series', () => {
    const option = eventChartOption([], null, { start: 1000, end: 5000 }, { start: 0, end: 10 }, words)
    const first = (option.series as Marked[])[0]
    expect(first.markLine).toBeUndefined()
    expect(first.markArea?.data).toEqual([[expect.objectContaining({ xAxis: 1000 }), { xAxis: 5000 }]])
  })
})

describe('the timeline in words', () => {
  const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key)
  const entry = (kind: string, actor: string | null = null, detail: string | null = null): TimelineEntry => ({ at: '2026-11-22T09:00:00Z', kind, actor, detail })

  it('names who acknowledged, and who closed the event by hand with their note', () => {
    expect(timelineWords(entry('acknowledged', 'zhang'), t).text).toBe('alerting.timeline.acknowledged {"actor":"zhang"}')
    const closed = timelineWords(entry('resolved', 'zhang', '已重启服务'), t)
    expect(closed).toMatchObject({ text: 'alerting.timeline.closedBy {"actor":"zhang"}', note: '已重启服务', tone: 'success' })
    expect(timelineWords(entry('resolved'), t)).toMatchObject({ text: 'alerting.timeline.resolved', note: null })
  })

  it('explains an escalation by its level, and a repeat of the last level', () => {
    expect(timelineWords(entry('escalated', null, '{"routeId":1,"policyId":2,"step":1,"seq":1}'), t).text).toBe('alerting.timeline.escalatedTo {"level":2}')
    expect(timelineWords(entry('escalated', null, '{"routeId":1,"policyId":2,"step":1,"seq":3}'), t).text).toBe('alerting.timeline.escalationRepeated {"level":2,"n":2}')
    expect(timelineWords(entry('escalated', null, 'not json'), t).text).toBe('alerting.timeline.escalated')
  })

  it('links a correlated event to its root, and a root to the event attached to it', () => {
    const correlated = timelineWords(entry('correlated', null, '12|核心交换机 B 不可达|备用'), t)
    expect(correlated).toMatchObject({ text: 'alerting.timeline.correlated {"id":12}', note: '核心交换机 B 不可达|备用', link: { id: 12, title: '核心交换机 B 不可达|备用' } })
    expect(timelineWords(entry('child_attached', null, '34'), t)).toMatchObject({ text: 'alerting.timeline.childAttached {"id":34}', link: { id: 34, title: null } })
    expect(parseCorrelation('x|y')).toBeNull()
  })

  it('words every kind the server writes, and shows an unknown one as it is', () => {
    for (const kind of ['opened', 'opened_in_maintenance', 'reopened_flapping']) {
      expect(timelineWords(entry(kind), t).text).toMatch(/^alerting\.timeline\./)
    }
    expect(timelineWords(entry('something_new', null, 'd'), t)).toMatchObject({ text: 'something_new', note: 'd' })
  })
})

const event = (id: number, businesses: [number, string][] | null, extra: Partial<AlertEvent> = {}): AlertEvent => ({
  id,
  fingerprint: String(id),
  ruleId: 1,
  source: 'rule',
  title: `event ${id}`,
  severity: 'critical',
  labels: {},
  annotations: {},
  ciCode: null,
  state: 'firing',
  value: null,
  firstSeen: '2026-11-22T09:00:00Z',
  lastSeen: '2026-11-22T09:00:00Z',
  fireCount: 1,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedAt: null,
  inMaintenance: false,
  maintenanceWindowId: null,
  flapping: false,
  parentEventId: null,
  childCount: 0,
  businessSystems: businesses?.map(([bid, name]) => ({ id: bid, code: `b${bid}`, name })) ?? null,
  version: 1,
  ...extra,
})

describe('the list', () => {
  it('groups events by business system, by name, an event in each system its CI serves, the others last', () => {
    const groups = groupByBusiness([event(1, [[2, 'PACS'], [3, 'HIS']]), event(2, [[2, 'PACS']]), event(3, []), event(4, null)], new Intl.Collator('en'))
    expect(groups.map((g) => [g.business?.name ?? null, g.events.map((e) => e.id)])).toEqual([
      ['HIS', [1]],
      ['PACS', [1, 2]],
      [null, [3, 4]],
    ])
    expect(groupByBusiness([])).toEqual([])
  })
})

describe('contacts', () => {
  it('dial the number as written, without spaces, dashes or the extension', () => {
    expect(telHref('0571-8888 6666')).toBe('tel:057188886666')
    expect(telHref('+86 138 0000 0009')).toBe('tel:+8613800000009')
    expect(telHref('400-800-0000 \u8f6c 2')).toBe('tel:4008000000')
    expect(telHref('n/a')).toBeNull()
  })
})
