import { describe, expect, it } from 'vitest'
import { formatValue, isUnit, trimmed, unitBounds } from './units'

describe('formatValue', () => {
  it('writes percent (0–100) and percentunit (0–1) the same way', () => {
    expect(formatValue(42.5, 'percent')).toBe('42.5%')
    expect(formatValue(0.425, 'percentunit')).toBe('42.5%')
    expect(formatValue(5, 'percent')).toBe('5%')
    expect(formatValue(1, 'percentunit')).toBe('100%')
  })

  it('writes bytes in IEC steps and bits/s in steps of 1000', () => {
    expect(formatValue(512, 'bytes')).toBe('512 B')
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB')
    expect(formatValue(8 * 1024 ** 3, 'bytes')).toBe('8 GiB')
    expect(formatValue(1_500_000, 'bps')).toBe('1.5 Mbps')
    expect(formatValue(999, 'bps')).toBe('999 bps')
    expect(formatValue(1536, 'Bps')).toBe('1.5 KiB/s')
  })

  it('writes durations from seconds and milliseconds', () => {
    expect(formatValue(0.25, 's')).toBe('250 ms')
    expect(formatValue(2.5, 's')).toBe('2.5 s')
    expect(formatValue(90, 's')).toBe('1.5 min')
    expect(formatValue(7_200, 's')).toBe('2 h')
    expect(formatValue(172_800, 's')).toBe('2 d')
    expect(formatValue(250, 'ms')).toBe('250 ms')
    expect(formatValue(1500, 'ms')).toBe('1.5 s')
    expect(formatValue(0.0005, 's')).toBe('500 µs')
  })

  it('shortens ops/s and counts', () => {
    expect(formatValue(1200, 'ops')).toBe('1.2K ops/s')
    expect(formatValue(12, 'ops')).toBe('12 ops/s')
    expect(formatValue(3_400_000, 'count')).toBe('3.4M')
    expect(formatValue(7, 'count')).toBe('7')
  })

  it('follows the panel decimals, and marks missing and infinite values', () => {
    expect(formatValue(3.14159, 'none', 2)).toBe('3.14')
    expect(formatValue(3.14159, 'none', 0)).toBe('3')
    expect(formatValue(1536, 'bytes', 0)).toBe('2 KiB')
    expect(formatValue(null)).toBe('—')
    expect(formatValue(Number.NaN)).toBe('—')
    expect(formatValue(Infinity)).toBe('+Inf')
    expect(formatValue(-5, 'bytes')).toBe('-5 B')
    expect(formatValue(0.00001)).toBe('1.00e-5')
  })

  it('knows its units and the bounds they imply', () => {
    expect(isUnit('bytes')).toBe(true)
    expect(isUnit('furlongs')).toBe(false)
    expect(unitBounds('percent')).toEqual({ min: 0, max: 100 })
    expect(unitBounds('percentunit')).toEqual({ min: 0, max: 1 })
    expect(unitBounds('bytes')).toEqual({})
    expect(trimmed(1.5, 3)).toBe('1.5')
    expect(trimmed(2, 2)).toBe('2')
  })
})
