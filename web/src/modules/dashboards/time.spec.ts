import { describe, expect, it } from 'vitest'
import { absoluteRange, alignRange, chooseStep, formatDuration, fromPickerDate, isValidTime, parseDuration, parseTime, queryWindow, relativeSpan, resolveRange, toPickerDate, zoomOut } from './time'

const NOW = Date.UTC(2026, 10, 22, 1, 30, 0)

describe('parseTime', () => {
  it('reads now and now minus a duration', () => {
    expect(parseTime('now', NOW)).toBe(NOW)
    expect(parseTime('now-6h', NOW)).toBe(NOW - 6 * 3_600_000)
    expect(parseTime('now-30d', NOW)).toBe(NOW - 30 * 86_400_000)
    expect(parseTime('now - 15m', NOW)).toBe(NOW - 15 * 60_000)
    expect(parseTime('now+1h', NOW)).toBe(NOW + 3_600_000)
  })

  it('reads epoch milliseconds, epoch seconds and ISO times', () => {
    expect(parseTime('1795000000000', NOW)).toBe(1795000000000)
    expect(parseTime('1795000000', NOW)).toBe(1795000000000)
    expect(parseTime('2026-11-22T01:30:00Z', NOW)).toBe(NOW)
  })

  it('refuses what it cannot read', () => {
    expect(parseTime('yesterday', NOW)).toBeNaN()
    expect(parseTime('now-6x', NOW)).toBeNaN()
    expect(parseTime('', NOW)).toBeNaN()
    expect(isValidTime('now-90d')).toBe(true)
    expect(isValidTime('soon')).toBe(false)
  })
})

describe('ranges', () => {
  it('resolves to unix seconds and refuses an empty or inverted range', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ start: NOW / 1000 - 3600, end: NOW / 1000 })
    expect(resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toBeNull()
    expect(resolveRange({ from: 'x', to: 'now' }, NOW)).toBeNull()
  })

  it('knows the span of a quick range', () => {
    expect(relativeSpan({ from: 'now-7d', to: 'now' })).toBe(7 * 86_400)
    expect(relativeSpan({ from: '1795000000000', to: 'now' })).toBeNull()
  })

  it('writes a zoom as absolute milliseconds', () => {
    expect(absoluteRange(1000.4, 2000.6)).toEqual({ from: '1000', to: '2001' })
  })
})

describe('durations', () => {
  it('parses and formats PromQL durations', () => {
    expect(parseDuration('6h')).toBe(21_600)
    expect(parseDuration('1h30m')).toBe(5_400)
    expect(parseDuration('abc')).toBeNaN()
    expect(formatDuration(21_600)).toBe('6h')
    expect(formatDuration(5_400)).toBe('90m')
    expect(formatDuration(45)).toBe('45s')
    expect(formatDuration(604_800)).toBe('1w')
    expect(formatDuration(86_400 * 2)).toBe('2d')
  })
})

describe('chooseStep', () => {
  it('asks for about one point per 2.5 px, rounded up to a step people know', () => {
    // 1 h over 1000 px: 400 points → 9 s → the 15 s minimum
    expect(chooseStep(3_600, 1000)).toBe(15)
    // 6 h over 1000 px: 54 s → 60 s
    expect(chooseStep(21_600, 1000)).toBe(60)
    // 24 h over 1000 px: 216 s → 300 s
    expect(chooseStep(86_400, 1000)).toBe(300)
    // 7 d over 1000 px: 1512 s → 1800 s
    expect(chooseStep(7 * 86_400, 1000)).toBe(1_800)
    // 90 d over 350 px (a phone): 55 542 s → 1 day
    expect(chooseStep(90 * 86_400, 350)).toBe(86_400)
  })

  it('never goes below 15 s or a larger minimum, and a narrow chart asks for fewer points', () => {
    expect(chooseStep(60, 2000)).toBe(15)
    expect(chooseStep(3_600, 1000, 60)).toBe(60)
    expect(chooseStep(21_600, 300)).toBeGreaterThan(chooseStep(21_600, 1200))
  })

  it('goes beyond the table in whole days', () => {
    expect(chooseStep(10 * 365 * 86_400, 100)).toBe(Math.ceil((10 * 365 * 86_400) / 40 / 86_400) * 86_400)
  })
})

describe('queryWindow', () => {
  it('aligns start and end to the step so refreshes ask for the same instants', () => {
    expect(alignRange({ start: 1001, end: 1999 }, 60)).toEqual({ start: 960, end: 2040 })
    const w = queryWindow({ from: 'now-6h', to: 'now' }, 1000, NOW)!
    expect(w.step).toBe(60)
    expect(w.start % 60).toBe(0)
    expect(w.end % 60).toBe(0)
    expect(w.end).toBeGreaterThanOrEqual(NOW / 1000)
    expect(queryWindow({ from: 'now', to: 'now-1h' }, 1000, NOW)).toBeNull()
  })
})

describe('picker dates and zoom out', () => {
  it('shows and reads the Shanghai wall clock whatever the browser zone', () => {
    const picked = toPickerDate(NOW)
    expect([picked.getHours(), picked.getMinutes()]).toEqual([9, 30])
    expect(fromPickerDate(picked)).toBe(NOW)
  })

  it('doubles the range, ending at now when it would pass it', () => {
    expect(zoomOut({ from: 'now-6h', to: 'now' }, NOW)).toEqual({ from: 'now-12h', to: 'now' })
    const past = absoluteRange(NOW - 10 * 3_600_000, NOW - 8 * 3_600_000)
    expect(zoomOut(past, NOW)).toEqual(absoluteRange(NOW - 11 * 3_600_000, NOW - 7 * 3_600_000))
  })
})
