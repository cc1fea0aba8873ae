import { describe, expect, it } from 'vitest'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import { formatDateTime, formatDateTimeSeconds, formatDuration, shanghaiWallClockToIso } from './format'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('formatDateTime', () => {
  it('shows UTC instants in Asia/Shanghai as YYYY-MM-DD HH:mm', () => {
    expect(formatDateTime('2026-11-22T01:30:00Z')).toBe('2026-11-22 09:30')
    expect(formatDateTime('2026-11-22T01:30:00.123+00:00')).toBe('2026-11-22 09:30')
  })

  it('crosses midnight into the next day in Shanghai', () => {
    expect(formatDateTime('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05')
  })

  it('accepts offsets other than UTC', () => {
    expect(formatDateTime('2026-11-22T09:30:00+08:00')).toBe('2026-11-22 09:30')
  })

  it('leaves no value empty and ignores garbage', () => {
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime(undefined)).toBe('')
    expect(formatDateTime('not a date')).toBe('')
  })

  it('can show seconds, and another zone', () => {
    expect(formatDateTimeSeconds('2026-11-22T01:30:07Z')).toBe('2026-11-22 09:30:07')
    expect(formatDateTime('2026-11-22T01:30:00Z', 'UTC')).toBe('2026-11-22 01:30')
  })
})

describe('shanghaiWallClockToIso', () => {
  it('reads a picked wall-clock time as Shanghai time', () => {
    expect(shanghaiWallClockToIso(new Date(2026, 10, 22, 9, 30, 0))).toBe('2026-11-22T01:30:00.000Z')
    expect(shanghaiWallClockToIso(new Date(2026, 0, 1, 0, 0, 0))).toBe('2025-12-31T16:00:00.000Z')
  })
})

describe('formatDuration', () => {
  it('writes hours and minutes in Chinese and English', () => {
    expect(formatDuration(2 * HOUR + 15 * MIN, zhCN.duration)).toBe('2小时15分')
    expect(formatDuration(2 * HOUR + 15 * MIN, enUS.duration)).toBe('2 h 15 min')
  })

  it('keeps the two largest units and drops a zero second unit', () => {
    expect(formatDuration(DAY + 3 * HOUR + 20 * MIN, zhCN.duration)).toBe('1天3小时')
    expect(formatDuration(DAY + 3 * HOUR + 20 * MIN, enUS.duration)).toBe('1 d 3 h')
    expect(formatDuration(2 * HOUR, zhCN.duration)).toBe('2小时')
    expect(formatDuration(90 * DAY, enUS.duration)).toBe('90 d')
  })

  it('shows minutes alone, seconds under a minute, and zero', () => {
    expect(formatDuration(15 * MIN, zhCN.duration)).toBe('15分')
    expect(formatDuration(45_000, zhCN.duration)).toBe('45秒')
    expect(formatDuration(45_500, enUS.duration)).toBe('45 s')
    expect(formatDuration(0, enUS.duration)).toBe('0 s')
  })

  it('marks negative durations (overdue) and ignores non-numbers', () => {
    expect(formatDuration(-(HOUR + 5 * MIN), zhCN.duration)).toBe('-1小时5分')
    expect(formatDuration(Number.NaN, zhCN.duration)).toBe('')
  })
})
