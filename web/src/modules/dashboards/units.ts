/**
 * Units of a panel, and how a value is written on an axis and in a tooltip. Values keep their
 * number; only the text changes (1536 bytes → `1.5 KiB`).
 */
export const UNITS = ['none', 'percent', 'percentunit', 'bytes', 'Bps', 'bps', 's', 'ms', 'ops', 'count'] as const
export type Unit = (typeof UNITS)[number]

export function isUnit(u: unknown): u is Unit {
  return typeof u === 'string' && (UNITS as readonly string[]).includes(u)
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']
const BITS = ['bps', 'Kbps', 'Mbps', 'Gbps', 'Tbps', 'Pbps']
const SHORT = ['', 'K', 'M', 'B', 'T']

/** A number with at most `decimals` decimals and no trailing zeros (`1.50` → `1.5`). */
export function trimmed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value)
  const fixed = value.toFixed(Math.max(0, Math.min(decimals, 10)))
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}

/** Decimals that show a value sensibly when the panel does not say (3 significant digits). */
function autoDecimals(value: number): number {
  const a = Math.abs(value)
  if (a === 0 || a >= 100) return 0
  if (a >= 10) return 1
  if (a >= 1) return 2
  return Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(a)) + 1))
}

function scaled(value: number, base: number, names: string[], decimals: number | undefined, sep = ' '): string {
  let v = value
  let i = 0
  while (Math.abs(v) >= base && i < names.length - 1) {
    v /= base
    i++
  }
  const text = trimmed(v, decimals ?? autoDecimals(v))
  return names[i] ? `${text}${sep}${names[i]}` : text
}

function duration(seconds: number, decimals: number | undefined): string {
  const a = Math.abs(seconds)
  if (a === 0) return '0 s'
  if (a < 1e-3) return `${trimmed(seconds * 1e6, decimals ?? autoDecimals(seconds * 1e6))} µs`
  if (a < 1) return `${trimmed(seconds * 1e3, decimals ?? autoDecimals(seconds * 1e3))} ms`
  if (a < 60) return `${trimmed(seconds, decimals ?? autoDecimals(seconds))} s`
  if (a < 3_600) return `${trimmed(seconds / 60, decimals ?? 1)} min`
  if (a < 86_400) return `${trimmed(seconds / 3_600, decimals ?? 1)} h`
  return `${trimmed(seconds / 86_400, decimals ?? 1)} d`
}

/**
 * A value in its unit: `percent` is 0–100, `percentunit` is 0–1 (both shown as `42.5%`), bytes
 * in IEC steps of 1024, bits/s in steps of 1000, seconds and milliseconds as the nearest
 * readable unit, ops/s and count shortened with K / M / B. Missing values are `—`.
 */
export function formatValue(value: number | null | undefined, unit: string = 'none', decimals?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  switch (unit) {
    case 'percent':
      return `${trimmed(value, decimals ?? (Math.abs(value) >= 10 ? 1 : 2))}%`
    case 'percentunit':
      return `${trimmed(value * 100, decimals ?? (Math.abs(value) >= 0.1 ? 1 : 2))}%`
    case 'bytes':
      return scaled(value, 1024, IEC, decimals)
    case 'Bps':
      return `${scaled(value, 1024, IEC, decimals)}/s`
    case 'bps':
      return scaled(value, 1000, BITS, decimals)
    case 's':
      return duration(value, decimals)
    case 'ms':
      return duration(value / 1000, decimals)
    case 'ops':
      return `${scaled(value, 1000, SHORT, decimals, '')} ops/s`
    case 'count':
      return scaled(value, 1000, SHORT, decimals, '')
    default:
      return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-4 && value !== 0)
        ? value.toExponential(decimals ?? 2)
        : trimmed(value, decimals ?? autoDecimals(value))
  }
}

/** Axis bounds a unit implies when the panel sets none (percent charts run 0–100). */
export function unitBounds(unit: string): { min?: number; max?: number } {
  if (unit === 'percent') return { min: 0, max: 100 }
  if (unit === 'percentunit') return { min: 0, max: 1 }
  return {}
}
