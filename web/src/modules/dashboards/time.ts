/**
 * Time ranges as users write them (`now-6h` … `now`, or absolute times), and the query step a
 * chart asks for. The server chooses raw samples or rollups from the step, so the step is the
 * only knob: about one point per 2–3 px of chart width, never below 15 s, rounded to a value a
 * person recognises (so neighbouring charts and repeated loads ask for the same points).
 */

/** A range as written: relative (`now-6h`, `now`) or absolute (epoch milliseconds as text, or ISO). */
export interface TimeRange {
  from: string
  to: string
}

export interface ResolvedRange {
  /** unix seconds */
  start: number
  /** unix seconds */
  end: number
}

export const QUICK_RANGES = ['now-1h', 'now-6h', 'now-12h', 'now-24h', 'now-7d', 'now-30d', 'now-90d'] as const
export const DEFAULT_RANGE: TimeRange = { from: 'now-6h', to: 'now' }

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800, y: 31_536_000 }
export const MIN_STEP_SECONDS = 15
/** the steps a chart may ask for, in seconds */
export const STEPS = [15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800]

const RELATIVE = /^now(?:\s*([+-])\s*(\d+)\s*([smhdwy]))?$/

/** `6h` → 21600; `90d`, `30s`, `1w`; `1h30m` too. NaN when it is not a duration. */
export function parseDuration(text: string): number {
  const s = text.trim()
  if (!/^(\d+(?:\.\d+)?[smhdwy])+$/.test(s)) return Number.NaN
  let total = 0
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)([smhdwy])/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]]
  return total
}

/** 21600 → `6h`; 5400 → `90m`; 45 → `45s`: the largest unit that divides it (PromQL range syntax). */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds))
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3_600], ['m', 60]] as const) {
    if (s % size === 0) return `${s / size}${unit}`
  }
  return `${s}s`
}

/** Whether the text is a time this module understands (relative or absolute). */
export function isValidTime(text: string): boolean {
  return !Number.isNaN(parseTime(text, 0))
}

/** One end of a range to unix milliseconds; NaN when unreadable. `nowMs` is the present. */
export function parseTime(text: string, nowMs: number): number {
  const s = (text ?? '').trim()
  const rel = RELATIVE.exec(s)
  if (rel) {
    if (!rel[1]) return nowMs
    const delta = Number(rel[2]) * UNIT_SECONDS[rel[3]] * 1000
    return rel[1] === '-' ? nowMs - delta : nowMs + delta
  }
  if (/^\d{10}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000)
  if (/^\d{12,14}$/.test(s)) return Number(s)
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const ms = Date.parse(s)
    return Number.isNaN(ms) ? Number.NaN : ms
  }
  return Number.NaN
}

/** A range to unix seconds, or null when either end is unreadable or the range is empty. */
export function resolveRange(range: TimeRange, nowMs: number = Date.now()): ResolvedRange | null {
  const from = parseTime(range.from, nowMs)
  const to = parseTime(range.to, nowMs)
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return null
  return { start: from / 1000, end: to / 1000 }
}

/** A quick range's span in seconds (`now-6h` → 21600), or null for an absolute or odd range. */
export function relativeSpan(range: TimeRange): number | null {
  const m = RELATIVE.exec(range.from.trim())
  if (!m || m[1] !== '-' || range.to.trim() !== 'now') return null
  return Number(m[2]) * UNIT_SECONDS[m[3]]
}

/** An absolute range from a zoom (unix ms at both ends), as the URL carries it. */
export function absoluteRange(fromMs: number, toMs: number): TimeRange {
  return { from: String(Math.round(fromMs)), to: String(Math.round(toMs)) }
}

/**
 * The step for a range drawn `widthPx` wide: the span over (width / 2.5) points, raised to the
 * next value of STEPS (never below 15 s; beyond the list, whole days).
 */
export function chooseStep(rangeSeconds: number, widthPx: number, minStep = MIN_STEP_SECONDS): number {
  const points = Math.max(10, Math.floor(Math.max(widthPx, 1) / 2.5))
  const raw = Math.max(rangeSeconds / points, minStep, MIN_STEP_SECONDS)
  for (const step of STEPS) {
    if (step >= raw) return step
  }
  return Math.ceil(raw / 86_400) * 86_400
}

/**
 * Start and end moved onto multiples of the step (start down, end up), so the same chart asks
 * for the same instants on every refresh and the server's rollup buckets line up.
 */
export function alignRange(range: ResolvedRange, step: number): ResolvedRange {
  return { start: Math.floor(range.start / step) * step, end: Math.ceil(range.end / step) * step }
}

/** Everything a query_range call needs, from a range and a chart width. */
export function queryWindow(range: TimeRange, widthPx: number, nowMs: number = Date.now(), minStep = MIN_STEP_SECONDS): (ResolvedRange & { step: number }) | null {
  const resolved = resolveRange(range, nowMs)
  if (!resolved) return null
  const step = chooseStep(resolved.end - resolved.start, widthPx, minStep)
  return { ...alignRange(resolved, step), step }
}

/** China has kept UTC+8 all year since 1991: the hospital's wall clock. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** A moment as the date picker shows it: a Date whose local fields are the Shanghai wall clock. */
export function toPickerDate(ms: number): Date {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds())
}

/** A picked Date (its local fields read as Shanghai wall clock) to unix milliseconds. */
export function fromPickerDate(picked: Date): number {
  return Date.UTC(picked.getFullYear(), picked.getMonth(), picked.getDate(), picked.getHours(), picked.getMinutes(), picked.getSeconds()) - SHANGHAI_OFFSET_MS
}

/** A range twice as long around the same middle (zoom out), as absolute times; the end never passes now. */
export function zoomOut(range: TimeRange, nowMs: number = Date.now()): TimeRange {
  const r = resolveRange(range, nowMs)
  if (!r) return range
  const span = (r.end - r.start) * 1000
  const end = Math.min(nowMs, r.end * 1000 + span / 2)
  const start = end - span * 2
  return end >= nowMs - 1000 ? { from: `now-${formatDuration(Math.round(span * 2 / 1000))}`, to: 'now' } : absoluteRange(start, end)
}
