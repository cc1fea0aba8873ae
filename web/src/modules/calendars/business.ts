/**
 * Business calendars (服务时间) as the page shows and edits them: the week as one row per weekday holding its periods,
 * the weekly hours in words ("周一至周五 08:00–12:00、13:30–17:30"), and the server's `periods[i].…` field errors put back
 * on the row and period they name. Times are `HH:mm` wall-clock texts of the calendar's zone; nothing here converts zones.
 */
import type { BusinessPeriod } from './api'

/** One period being edited. */
export interface PeriodDraft {
  from: string
  to: string
}

/** A weekday of the editor: ISO weekday (1 = Monday … 7 = Sunday) and its periods in the order shown. */
export interface WeekdayRow {
  weekday: number
  periods: PeriodDraft[]
}

/** At most this many periods a day (the server refuses more). */
export const MAX_PERIODS_PER_DAY = 4

/** Seven rows, Monday first, holding the periods of each weekday in time order. */
export function rowsFromPeriods(periods: readonly BusinessPeriod[]): WeekdayRow[] {
  return Array.from({ length: 7 }, (_, i) => ({
    weekday: i + 1,
    periods: periods
      .filter((p) => p.weekday === i + 1)
      .map((p) => ({ from: p.from, to: p.to }))
      .sort((a, b) => a.from.localeCompare(b.from)),
  }))
}

/** Where a sent period came from in the editor: its weekday row and its place in that row. */
export interface PeriodPlace {
  weekday: number
  position: number
}

/** The rows as the API takes them (trimmed texts, rows in order), and for each sent period the place it came from. */
export function periodsFromRows(rows: readonly WeekdayRow[]): { periods: BusinessPeriod[]; places: PeriodPlace[] } {
  const periods: BusinessPeriod[] = []
  const places: PeriodPlace[] = []
  for (const row of rows) {
    row.periods.forEach((p, position) => {
      periods.push({ weekday: row.weekday, from: p.from.trim(), to: p.to.trim() })
      places.push({ weekday: row.weekday, position })
    })
  }
  return { periods, places }
}

/** The rows with Monday's periods copied to Tuesday to Friday (the weekend rows are left as they are). */
export function copyMondayToWeekdays(rows: readonly WeekdayRow[]): WeekdayRow[] {
  const monday = rows.find((r) => r.weekday === 1)?.periods ?? []
  return rows.map((r) => (r.weekday >= 2 && r.weekday <= 5 ? { weekday: r.weekday, periods: monday.map((p) => ({ ...p })) } : { weekday: r.weekday, periods: r.periods.map((p) => ({ ...p })) }))
}

/** The rows with a period added to a weekday: after its last period (an hour after it ends), or 08:00–18:00 on an empty day. */
export function withPeriodAdded(rows: readonly WeekdayRow[], weekday: number): WeekdayRow[] {
  return rows.map((r) => {
    if (r.weekday !== weekday || r.periods.length >= MAX_PERIODS_PER_DAY) return r
    const last = r.periods[r.periods.length - 1]
    const next = last ? laterPeriod(last.to) : { from: '08:00', to: '18:00' }
    return { weekday: r.weekday, periods: [...r.periods, next] }
  })
}

function laterPeriod(after: string): PeriodDraft {
  const m = /^(\d{2}):(\d{2})$/.exec(after)
  const start = m ? Math.min(Number(m[1]) * 60 + Number(m[2]) + 60, 23 * 60) : 19 * 60
  const end = Math.min(start + 60, 24 * 60)
  return { from: clock(start), to: clock(end) }
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

export function withPeriodRemoved(rows: readonly WeekdayRow[], weekday: number, position: number): WeekdayRow[] {
  return rows.map((r) => (r.weekday === weekday ? { weekday: r.weekday, periods: r.periods.filter((_, i) => i !== position) } : r))
}

/** How weekly hours are written: weekday names Monday first, and the joiners between them. */
export interface WeekWords {
  /** seven names, Monday first: 周一 … 周日 */
  weekdays: readonly string[]
  /** a run of days: `周一至周五` */
  range: (from: string, to: string) => string
  /** between periods of a day: `、` */
  periodSeparator: string
  /** between groups of days: `；` */
  groupSeparator: string
  /** between single days that are not consecutive: `、` */
  daySeparator: string
}

/**
 * The weekly hours in words: weekdays with the same periods grouped, consecutive ones as a run ("周一至周五
 * 08:00–18:00", "周一、周三 09:00–12:00；周六 09:00–12:00"). Days without periods are left out; none at all gives ''.
 */
export function weekSummary(periods: readonly BusinessPeriod[], words: WeekWords): string {
  const rows = rowsFromPeriods(periods).filter((r) => r.periods.length > 0)
  const groups = new Map<string, number[]>()
  for (const row of rows) {
    const key = row.periods.map((p) => `${p.from}–${p.to}`).join(words.periodSeparator)
    groups.set(key, [...(groups.get(key) ?? []), row.weekday])
  }
  return [...groups.entries()]
    .map(([hours, days]) => `${daysText(days, words)} ${hours}`)
    .join(words.groupSeparator)
}

function daysText(days: number[], words: WeekWords): string {
  const runs: [number, number][] = []
  for (const d of days) {
    const last = runs[runs.length - 1]
    if (last && last[1] === d - 1) last[1] = d
    else runs.push([d, d])
  }
  return runs
    .flatMap(([from, to]) => {
      const name = (d: number) => words.weekdays[d - 1]
      if (from === to) return [name(from)]
      if (to === from + 1) return [name(from), name(to)]
      return [words.range(name(from), name(to))]
    })
    .join(words.daySeparator)
}

/** The server's field messages placed on the form: fields by name, periods by `weekday-position`, rows by weekday. */
export interface PlacedErrors {
  fields: Record<string, string>
  /** `${weekday}-${position}` → { from?, to?, period? } */
  periods: Record<string, { from?: string; to?: string; period?: string }>
  /** about the week as a whole (`periods`: none set, too many) */
  week: string
  /** messages that fit nowhere on the form */
  other: string[]
}

/**
 * Puts the server's field errors where the user looks: `periods[2].to` beside the "to" of the period sent third
 * (found through `places`), `periods[2]` or `periods[2].weekday` under that period, `periods` above the week, the other
 * fields (name, timeZone, description) beside themselves.
 */
export function placeErrors(fieldErrors: Record<string, string>, places: readonly PeriodPlace[], knownFields: readonly string[]): PlacedErrors {
  const placed: PlacedErrors = { fields: {}, periods: {}, week: '', other: [] }
  for (const [field, message] of Object.entries(fieldErrors)) {
    const m = /^periods\[(\d+)\](?:\.(\w+))?$/.exec(field)
    if (m) {
      const place = places[Number(m[1])]
      if (!place) {
        placed.other.push(message)
        continue
      }
      const key = `${place.weekday}-${place.position}`
      const slot = m[2] === 'from' || m[2] === 'to' ? m[2] : 'period'
      placed.periods[key] = { ...placed.periods[key], [slot]: message }
    } else if (field === 'periods') {
      placed.week = message
    } else if (knownFields.includes(field)) {
      placed.fields[field] = message
    } else {
      placed.other.push(message)
    }
  }
  return placed
}
