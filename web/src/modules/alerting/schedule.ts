/**
 * A recurring maintenance window as people say it — every week on some days, or every month on a day, at a time —
 * written as the five-field cron the server stores (read in the hospital's time zone), and read back for display.
 */
export type Repeat = { kind: 'weekly'; weekdays: number[]; time: string } | { kind: 'monthly'; day: number; time: string } | { kind: 'cron'; cron: string }

function hourMinute(time: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim())
  if (!m) throw new Error(`not a time: ${time}`)
  return [Number(m[1]), Number(m[2])]
}

export function toCron(repeat: Repeat): string {
  if (repeat.kind === 'cron') return repeat.cron.trim()
  const [h, m] = hourMinute(repeat.time)
  if (repeat.kind === 'weekly') {
    const days = [...new Set(repeat.weekdays)].sort((a, b) => a - b)
    return `${m} ${h} * * ${days.length ? days.join(',') : '*'}`
  }
  return `${m} ${h} ${repeat.day} * *`
}

/** Words for a cron the form could have written (weekly or monthly at a time); null for any other. */
export function describeCron(cron: string, weekdayNames: string[]): { kind: 'weekly' | 'monthly'; days: string; time: string } | null {
  const f = cron.trim().split(/\s+/)
  if (f.length !== 5 || !/^\d+$/.test(f[0]) || !/^\d+$/.test(f[1]) || f[3] !== '*') return null
  const time = `${f[1].padStart(2, '0')}:${f[0].padStart(2, '0')}`
  if (f[2] === '*' && /^(\*|\d(,\d)*)$/.test(f[4])) {
    const days = f[4] === '*' ? weekdayNames.join('、') : f[4].split(',').map((d) => weekdayNames[Number(d) % 7]).join('、')
    return { kind: 'weekly', days, time }
  }
  if (/^\d+$/.test(f[2]) && f[4] === '*') return { kind: 'monthly', days: f[2], time }
  return null
}
