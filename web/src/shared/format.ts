/** The zone the hospital works in; the server stores UTC and the UI shows this zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

function parts(value: string | number | Date, timeZone: string): Record<string, string> | null {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    return null
  }
  const out: Record<string, string> = {}
  for (const p of formatterFor(timeZone).formatToParts(date)) {
    out[p.type] = p.value
  }
  return out
}

/** `2026-11-22T01:30:00Z` → `2026-11-22 09:30` (Asia/Shanghai); empty for no value. */
export function formatDateTime(value: string | number | Date | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (value === null || value === undefined || value === '') {
    return ''
  }
  const p = parts(value, timeZone)
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : ''
}

/** Like formatDateTime, with seconds (audit records). */
export function formatDateTimeSeconds(value: string | number | Date | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (value === null || value === undefined || value === '') {
    return ''
  }
  const p = parts(value, timeZone)
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : ''
}

/**
 * A wall-clock time picked in the UI (the Date's local fields, as the date picker fills them)
 * read as Shanghai time, to a UTC ISO string for the API. China has kept UTC+8 all year since 1991.
 */
export function shanghaiWallClockToIso(picked: Date): string {
  const utc = Date.UTC(picked.getFullYear(), picked.getMonth(), picked.getDate(), picked.getHours(), picked.getMinutes(), picked.getSeconds())
  return new Date(utc - 8 * 3_600_000).toISOString()
}

/** Unit words of a duration, from the locale files (`{n}` is the number). */
export interface DurationUnits {
  day: string
  hour: string
  minute: string
  second: string
  separator: string
}

/**
 * A duration in words with its two largest units: `2小时15分` / `2 h 15 min`, `1天3小时`,
 * `45秒` under a minute. Rounds down to whole units.
 */
export function formatDuration(milliseconds: number, units: DurationUnits): string {
  if (!Number.isFinite(milliseconds)) {
    return ''
  }
  const negative = milliseconds < 0
  let seconds = Math.floor(Math.abs(milliseconds) / 1000)
  const days = Math.floor(seconds / 86_400)
  seconds -= days * 86_400
  const hours = Math.floor(seconds / 3_600)
  seconds -= hours * 3_600
  const minutes = Math.floor(seconds / 60)
  seconds -= minutes * 60

  const all: [number, string][] = [
    [days, units.day],
    [hours, units.hour],
    [minutes, units.minute],
    [seconds, units.second],
  ]
  const first = all.findIndex(([n]) => n > 0)
  let words: string[]
  if (first === -1) {
    words = [units.second.replace('{n}', '0')]
  } else {
    words = all
      .slice(first, first + 2)
      .filter(([n], i) => i === 0 || n > 0)
      .map(([n, unit]) => unit.replace('{n}', String(n)))
  }
  const text = words.join(units.separator)
  return negative ? `-${text}` : text
}
