import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  daysBetween,
  gridRange,
  isoToWallClock,
  isoWeekday,
  localDay,
  localTime,
  monthDays,
  monthWeeks,
  sliceText,
  spreadOverDays,
  wallClock,
  wallClockToIso,
  type Period,
} from './calendar'

// The machine running the tests is put far from Shanghai, so a helper that used the local zone would fail here.
const savedZone = process.env.TZ
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles'
})
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ
  else process.env.TZ = savedZone
})

const ZH = { nextDay: '（次日）', until: '至 ', allDay: '全天' }

describe('hospital time', () => {
  it('runs these tests away from Shanghai', () => {
    expect(new Date('2026-03-07T00:00:00Z').getTimezoneOffset()).not.toBe(-480)
  })

  it('reads the hospital date and time of an instant, across UTC midnight', () => {
    expect(localDay('2026-03-06T16:30:00Z')).toBe('2026-03-07')
    expect(localTime('2026-03-06T16:30:00Z')).toBe('00:30')
    expect(localDay('2026-03-07T08:00:00+08:00')).toBe('2026-03-07')
    expect(localDay('2026-03-06T15:59:59Z')).toBe('2026-03-06')
    expect(isoToWallClock('2026-03-07T12:00:00+00:00')).toBe('2026-03-07 20:00')
  })

  it('turns a date and clock time in the hospital into the instant', () => {
    expect(new Date(wallClock('2026-03-07', '08:00')).toISOString()).toBe('2026-03-07T00:00:00.000Z')
    expect(new Date(wallClock('2026-03-07')).toISOString()).toBe('2026-03-06T16:00:00.000Z')
    expect(wallClockToIso('2026-03-07 20:30')).toBe('2026-03-07T20:30:00+08:00')
    expect(Date.parse(wallClockToIso('2026-03-07 20:30'))).toBe(Date.parse('2026-03-07T12:30:00Z'))
  })

  it('counts calendar days and weekdays without 24-hour steps', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(isoWeekday('2026-03-07')).toBe(6)
    expect(isoWeekday('2026-03-08')).toBe(7)
    expect(isoWeekday('2026-03-09')).toBe(1)
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30)
    expect(addMonths('2026-12', 1)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2026-03', -14)).toBe('2025-01')
  })
})

describe('month grid', () => {
  it('shows a month in weeks from Monday to Sunday, filled with the neighbouring days', () => {
    // 1 March 2026 is a Sunday, 31 March a Tuesday
    const weeks = monthWeeks('2026-03')
    expect(weeks).toHaveLength(6)
    expect(weeks[0]).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01'])
    expect(weeks[5][0]).toBe('2026-03-30')
    expect(weeks[5][6]).toBe('2026-04-05')
    expect(weeks.every((w) => isoWeekday(w[0]) === 1 && w.length === 7)).toBe(true)
  })

  it('needs only four weeks for a February that starts on a Monday', () => {
    const weeks = monthWeeks('2027-02')
    expect(weeks).toHaveLength(4)
    expect(weeks[0][0]).toBe('2027-02-01')
    expect(weeks[3][6]).toBe('2027-02-28')
  })

  it('lists the days of the month alone', () => {
    const days = monthDays('2026-02')
    expect(days).toHaveLength(28)
    expect([days[0], days[27]]).toEqual(['2026-02-01', '2026-02-28'])
  })

  it('asks the server for the shown days from their first hand-over to the one after the last', () => {
    const weeks = monthWeeks('2026-03')
    expect(gridRange(weeks)).toEqual({ from: '2026-02-22T16:00:00.000Z', to: '2026-04-05T16:00:00.000Z' })
    expect(gridRange(weeks, (d) => wallClock(d, '08:00'))).toEqual({ from: '2026-02-23T00:00:00.000Z', to: '2026-04-06T00:00:00.000Z' })
  })
})

describe('shifts by day', () => {
  // The server's shifts of a roster handing over at 08:00: 陈浩 on the 7th, cut by an evening override by 刘洋; 刘洋 on the 8th.
  const shifts = [
    { start: '2026-03-07T08:00:00+08:00', end: '2026-03-07T20:00:00+08:00', user: 'chen.hao', kind: 'rotation' },
    { start: '2026-03-07T12:00:00Z', end: '2026-03-08T00:00:00Z', user: 'liu.yang', kind: 'override' },
    { start: '2026-03-08T08:00:00+08:00', end: '2026-03-09T08:00:00+08:00', user: 'liu.yang', kind: 'rotation' },
  ]
  const handover = (d: string) => wallClock(d, '08:00')

  it('puts each shift on the day it starts, from the hand-over; the night before 08:00 belongs to the day before', () => {
    const days = spreadOverDays(shifts, ['2026-03-07', '2026-03-08'], handover)
    expect(days.get('2026-03-07')?.map((s) => [s.item.user, s.item.kind, s.whole, s.startsBefore, s.endsAfter])).toEqual([
      ['chen.hao', 'rotation', false, false, false],
      ['liu.yang', 'override', false, false, false],
    ])
    expect(days.get('2026-03-08')?.map((s) => [s.item.user, s.whole])).toEqual([['liu.yang', true]])
  })

  it('shows an override over several days on every day it covers', () => {
    const long = [{ start: '2026-03-09T12:00:00+08:00', end: '2026-03-11T12:00:00+08:00', user: 'sun.li', kind: 'override' }]
    const days = spreadOverDays(long, ['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12'], handover)
    const texts = [...days.entries()].map(([day, slices]) => slices.map((s) => sliceText(s, day, ZH)))
    expect(texts).toEqual([[], ['12:00–03-11 12:00'], ['全天'], ['至 12:00'], []])
  })

  it('writes the hours of a slice, with the next-day mark after an end past midnight', () => {
    const days = spreadOverDays(shifts, ['2026-03-07'], handover)
    expect(days.get('2026-03-07')?.map((s) => sliceText(s, '2026-03-07', ZH))).toEqual(['08:00–20:00', '20:00–08:00（次日）'])
  })
})

describe('maintenance by day', () => {
  // every Saturday 22:00 for 3 hours
  const saturdays: (Period & { name: string })[] = [
    { name: 'HIS 周末维护', start: '2026-03-07T14:00:00Z', end: '2026-03-07T17:00:00Z' },
    { name: 'HIS 周末维护', start: '2026-03-14T22:00:00+08:00', end: '2026-03-15T01:00:00+08:00' },
  ]

  it('shows an occurrence on the local days it touches: Saturday evening and the small hours of Sunday', () => {
    const days = spreadOverDays(saturdays, monthDays('2026-03'))
    const shown = [...days.entries()].filter(([, s]) => s.length).map(([day, s]) => [day, sliceText(s[0], day, ZH)])
    expect(shown).toEqual([
      ['2026-03-07', '22:00–01:00（次日）'],
      ['2026-03-08', '至 01:00'],
      ['2026-03-14', '22:00–01:00（次日）'],
      ['2026-03-15', '至 01:00'],
    ])
  })

  it('leaves out a period that ends exactly when the day begins, and orders a day by start', () => {
    const items = [
      { start: '2026-03-10T09:00:00+08:00', end: '2026-03-10T10:00:00+08:00' },
      { start: '2026-03-09T20:00:00+08:00', end: '2026-03-10T00:00:00+08:00' },
      { start: '2026-03-10T02:00:00+08:00', end: '2026-03-10T03:00:00+08:00' },
    ]
    const day = spreadOverDays(items, ['2026-03-10']).get('2026-03-10') ?? []
    expect(day.map((s) => sliceText(s, '2026-03-10', ZH))).toEqual(['02:00–03:00', '09:00–10:00'])
  })
})
