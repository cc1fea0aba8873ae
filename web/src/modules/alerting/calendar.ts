/**
 * Calendars in the hospital's time (Asia/Shanghai, UTC+8 all year since 1991, so a fixed offset is exact): days as
 * `YYYY-MM-DD`, month grids from Monday to Sunday, and periods (shifts, maintenance occurrences) spread over the days
 * they touch. Nothing here reads the browser's or the test machine's time zone.
 */

const OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

/** The hospital's offset as ISO 8601 writes it. */
export const HOSPITAL_OFFSET = '+08:00'

function toMs(value: string | number | Date): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value)
}

/** The hospital's date of an instant: `2026-03-06T16:30:00Z` → `2026-03-07`. */
export function localDay(value: string | number | Date): string {
  return new Date(toMs(value) + OFFSET_MS).toISOString().slice(0, 10)
}

/** The hospital's clock time of an instant, `HH:mm`. */
export function localTime(value: string | number | Date): string {
  return new Date(toMs(value) + OFFSET_MS).toISOString().slice(11, 16)
}

/** The instant (Unix ms) of a date and clock time in the hospital: `2026-03-07`, `08:00` → 2026-03-07T00:00Z. */
export function wallClock(day: string, time = '00:00'): number {
  return Date.parse(`${day}T${time}:00${HOSPITAL_OFFSET}`)
}

/** `2026-03-07 08:00` (a date picker's value in hospital time) → ISO with the hospital's offset. */
export function wallClockToIso(value: string): string {
  const [day, time] = value.trim().split(/\s+/)
  return `${day}T${time ?? '00:00'}:00${HOSPITAL_OFFSET}`
}

/** An instant as a date picker shows it in hospital time, `YYYY-MM-DD HH:mm`. */
export function isoToWallClock(value: string): string {
  return `${localDay(value)} ${localTime(value)}`
}

/** A calendar date plus some days (negative: back), by the calendar, not by 24-hour steps. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** ISO weekday of a date: Monday = 1 … Sunday = 7. */
export function isoWeekday(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay()
  return w === 0 ? 7 : w
}

/** Days from one date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** `2026-03` of a date. */
export function monthOf(day: string): string {
  return day.slice(0, 7)
}

/** A month plus some months: `2026-12`, 1 → `2027-01`. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

/** The month's days in weeks from Monday to Sunday, with the days of the neighbouring months that fill the weeks. */
export function monthWeeks(month: string): string[][] {
  const first = `${month}-01`
  const last = addDays(`${addMonths(month, 1)}-01`, -1)
  let day = addDays(first, 1 - isoWeekday(first))
  const end = addDays(last, 7 - isoWeekday(last))
  const weeks: string[][] = []
  while (day <= end) {
    const week: string[] = []
    for (let i = 0; i < 7; i++) {
      week.push(day)
      day = addDays(day, 1)
    }
    weeks.push(week)
  }
  return weeks
}

/** Every day of the month in order. */
export function monthDays(month: string): string[] {
  return monthWeeks(month)
    .flat()
    .filter((d) => monthOf(d) === month)
}

/** A period with a start and an end (ISO instants). */
export interface Period {
  start: string
  end: string
}

/** The part of a period that falls in one day's window. */
export interface DaySlice<T extends Period> {
  item: T
  /** the period began before this day's window (continues from the day before) */
  startsBefore: boolean
  /** the period goes on after this day's window */
  endsAfter: boolean
  /** the period fills the whole window, exactly */
  whole: boolean
}

/**
 * Spreads periods over the days they touch. A day's window runs from `dayStart(day)` to `dayStart(next day)`: midnight
 * for a calendar of maintenance, the hand-over time for a roster (a shift belongs to the day it starts). Each day's
 * slices are in order of their start.
 */
export function spreadOverDays<T extends Period>(items: readonly T[], days: readonly string[], dayStart: (day: string) => number = (d) => wallClock(d)): Map<string, DaySlice<T>[]> {
  const out = new Map<string, DaySlice<T>[]>()
  const sorted = [...items].sort((a, b) => toMs(a.start) - toMs(b.start))
  for (const day of days) {
    const from = dayStart(day)
    const to = dayStart(addDays(day, 1))
    const slices: DaySlice<T>[] = []
    for (const item of sorted) {
      const start = toMs(item.start)
      const end = toMs(item.end)
      if (end <= from || start >= to) continue
      slices.push({ item, startsBefore: start < from, endsAfter: end > to, whole: start === from && end === to })
    }
    out.set(day, slices)
  }
  return out
}

export interface SpanWords {
  /** after an end on the next day: （次日） */
  nextDay: string
  /** before the end of a period that began on an earlier day: 至 */
  until: string
  /** a period that covers the day and more */
  allDay: string
}

/**
 * When a slice runs, as the day's cell shows it: `22:00–23:30`, `22:00–01:00（次日）`, `至 01:00` on the day a period
 * ends, the whole day for one that covers it; an end days later carries its date (`22:00–03-09 06:00`).
 */
export function sliceText(slice: DaySlice<Period>, day: string, words: SpanWords): string {
  const { start, end } = slice.item
  if (slice.startsBefore && slice.endsAfter) return words.allDay
  const endDay = localDay(end)
  const endText = endDay === day ? localTime(end) : endDay === addDays(day, 1) ? `${localTime(end)}${words.nextDay}` : `${endDay.slice(5)} ${localTime(end)}`
  if (slice.startsBefore) return `${words.until}${endText}`
  return `${localTime(start)}–${endText}`
}

/** The instants a month grid covers: the first shown day's start to the day after the last shown day's start. */
export function gridRange(weeks: readonly string[][], dayStart: (day: string) => number = (d) => wallClock(d)): { from: string; to: string } {
  const days = weeks.flat()
  return { from: new Date(dayStart(days[0])).toISOString(), to: new Date(dayStart(addDays(days[days.length - 1], 1))).toISOString() }
}
