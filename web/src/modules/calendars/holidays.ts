/**
 * The year view of the holiday calendar: month grids from Monday to Sunday, the festivals of a year with their runs of
 * days off and the weekend days worked in their place (调休), a day's choice as an administrator edits it, and the server's
 * `days[i].…` field errors put back on their dates. Dates are `YYYY-MM-DD` calendar dates; no time zone is involved.
 */
import type { HolidayDay, HolidayKind } from './api'

/** What a day can be made: a day off, a make-up working day, or an ordinary day of the week. */
export type DayChoice = HolidayKind | 'normal'

export function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

export function dateOf(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay()
  return w === 0 ? 7 : w
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** A month's weeks from Monday to Sunday; the places before the 1st and after the last day are null. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const cells: (string | null)[] = Array.from({ length: isoWeekday(dateOf(year, month, 1)) - 1 }, () => null)
  for (let d = 1; d <= daysInMonth(year, month); d++) cells.push(dateOf(year, month, d))
  while (cells.length % 7) cells.push(null)
  const weeks: (string | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/** A run of consecutive days off. */
export interface DayRun {
  from: string
  to: string
}

/** A festival of the year: its days off in runs, how many, and the weekend days worked for it. */
export interface FestivalSummary {
  /** null for days entered without a festival */
  festival: string | null
  runs: DayRun[]
  days: number
  workdays: string[]
}

/** Consecutive dates (sorted, distinct) as runs. */
export function runsOf(dates: readonly string[]): DayRun[] {
  const runs: DayRun[] = []
  for (const date of [...dates].sort()) {
    const last = runs[runs.length - 1]
    if (last && addDays(last.to, 1) === date) last.to = date
    else runs.push({ from: date, to: date })
  }
  return runs
}

/** The year's festivals in the order their days off come (a festival with only worked days by its first worked day). */
export function festivalSummaries(days: readonly HolidayDay[]): FestivalSummary[] {
  const groups = new Map<string, { festival: string | null; holidays: string[]; workdays: string[] }>()
  for (const day of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const festival = day.festival?.trim() || null
    const key = festival ?? ''
    let group = groups.get(key)
    if (!group) {
      group = { festival, holidays: [], workdays: [] }
      groups.set(key, group)
    }
    ;(day.kind === 'holiday' ? group.holidays : group.workdays).push(day.date)
  }
  return [...groups.values()]
    .map((g) => ({ festival: g.festival, runs: runsOf(g.holidays), days: g.holidays.length, workdays: g.workdays }))
    .sort((a, b) => (a.runs[0]?.from ?? a.workdays[0]).localeCompare(b.runs[0]?.from ?? b.workdays[0]))
}

/** How dates are written: `2月15日` and `23日` (the same month) in Chinese, `Feb 15` and `23` in English. */
export interface DateWords {
  monthDay: (month: number, day: number) => string
  dayOnly: (day: number) => string
  /** between the dates of a list: `、` or `, ` */
  separator: string
}

export function dateText(date: string, words: DateWords): string {
  return words.monthDay(Number(date.slice(5, 7)), Number(date.slice(8, 10)))
}

/** `2月15日–23日`, `4月30日–5月4日`, or one day `1月1日`. */
export function runText(run: DayRun, words: DateWords): string {
  if (run.from === run.to) return dateText(run.from, words)
  const end = run.from.slice(0, 7) === run.to.slice(0, 7) ? words.dayOnly(Number(run.to.slice(8, 10))) : dateText(run.to, words)
  return `${dateText(run.from, words)}–${end}`
}

export function datesText(dates: readonly string[], words: DateWords): string {
  return dates.map((d) => dateText(d, words)).join(words.separator)
}

/** The year's days with one day made a day off, a make-up working day, or an ordinary day again; in date order. */
export function withChoice(days: readonly HolidayDay[], date: string, choice: DayChoice, festival: string | null): HolidayDay[] {
  const rest = days.filter((d) => d.date !== date)
  if (choice !== 'normal') rest.push({ date, kind: choice, festival: festival?.trim() || null })
  return rest.sort((a, b) => a.date.localeCompare(b.date))
}

/** What a day may be made: a make-up working day only on a Saturday or Sunday (the other days are worked anyway). */
export function choicesFor(date: string): DayChoice[] {
  return isWeekend(date) ? ['holiday', 'workday', 'normal'] : ['holiday', 'normal']
}

/** Whether two lists hold the same days (to tell an edited year from the stored one). */
export function sameDays(a: readonly HolidayDay[], b: readonly HolidayDay[]): boolean {
  const key = (days: readonly HolidayDay[]) =>
    [...days]
      .sort((x, y) => x.date.localeCompare(y.date))
      .map((d) => `${d.date}|${d.kind}|${d.festival?.trim() || ''}`)
      .join(',')
  return key(a) === key(b)
}

/**
 * The server names a sent day by its place (`days[2].kind`): its message goes on that day's date. Messages about no
 * day (or a place outside the list) are returned apart.
 */
export function errorsByDate(fieldErrors: Record<string, string>, sent: readonly HolidayDay[]): { byDate: Record<string, string>; other: string[] } {
  const byDate: Record<string, string> = {}
  const other: string[] = []
  for (const [field, message] of Object.entries(fieldErrors)) {
    const match = /^days\[(\d+)\]/.exec(field)
    const day = match ? sent[Number(match[1])] : undefined
    if (day) byDate[day.date] = byDate[day.date] ? `${byDate[day.date]} ${message}` : message
    else other.push(message)
  }
  return { byDate, other }
}
