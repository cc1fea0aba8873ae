import { describe, expect, it } from 'vitest'
import type { HolidayDay } from './api'
import { choicesFor, datesText, errorsByDate, festivalSummaries, monthGrid, runText, sameDays, withChoice, type DateWords } from './holidays'

const zh: DateWords = { monthDay: (m, d) => `${m}月${d}日`, dayOnly: (d) => `${d}日`, separator: '、' }
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const en: DateWords = { monthDay: (m, d) => `${MONTHS[m - 1]} ${d}`, dayOnly: (d) => `${d}`, separator: ', ' }

const off = (date: string, festival: string | null): HolidayDay => ({ date, kind: 'holiday', festival })
const worked = (date: string, festival: string | null): HolidayDay => ({ date, kind: 'workday', festival })
const run = (from: string, to: string, festival: string) => {
  const days: HolidayDay[] = []
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) days.push(off(d.toISOString().slice(0, 10), festival))
  return days
}

// 2026 as the State Council published it (in part), deliberately out of order
const YEAR_2026: HolidayDay[] = [
  ...run('2026-10-01', '2026-10-07', '国庆节'),
  worked('2026-09-20', '国庆节'),
  worked('2026-10-10', '国庆节'),
  ...run('2026-09-25', '2026-09-27', '中秋节'),
  worked('2026-02-28', '春节'),
  ...run('2026-02-15', '2026-02-23', '春节'),
  worked('2026-02-14', '春节'),
  ...run('2026-01-01', '2026-01-03', '元旦'),
  worked('2026-01-04', '元旦'),
]

describe('monthGrid', () => {
  it('starts each week on Monday: October 2026 begins on a Thursday, three empty places before it', () => {
    const weeks = monthGrid(2026, 10)
    expect(weeks[0]).toEqual([null, null, null, '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'])
    expect(weeks[weeks.length - 1]).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', null])
    expect(weeks.every((w) => w.length === 7)).toBe(true)
  })

  it('holds every day of the month once, leap February included', () => {
    expect(monthGrid(2028, 2).flat().filter(Boolean)).toHaveLength(29)
    expect(monthGrid(2026, 2).flat().filter(Boolean)).toHaveLength(28)
    // February 2027 starts on a Monday and fills exactly four weeks
    expect(monthGrid(2027, 2)).toHaveLength(4)
    // March 2026 starts on a Sunday: six empty places, six weeks
    expect(monthGrid(2026, 3)[0].slice(0, 7)).toEqual([null, null, null, null, null, null, '2026-03-01'])
    expect(monthGrid(2026, 3)).toHaveLength(6)
  })
})

describe('festivalSummaries', () => {
  it('groups the days by festival in the order their days off come, with the days counted and the worked weekend days', () => {
    const list = festivalSummaries(YEAR_2026)
    expect(list.map((f) => f.festival)).toEqual(['元旦', '春节', '中秋节', '国庆节'])
    const spring = list[1]
    expect(spring.runs).toEqual([{ from: '2026-02-15', to: '2026-02-23' }])
    expect(spring.days).toBe(9)
    expect(spring.workdays).toEqual(['2026-02-14', '2026-02-28'])
    // 国庆's first worked day (9月20日) comes before 中秋, but the festival is placed by its days off
    expect(list[3].workdays).toEqual(['2026-09-20', '2026-10-10'])
  })

  it('splits a festival’s days off into runs, and keeps days without a festival together', () => {
    const list = festivalSummaries([off('2026-05-01', '劳动节'), off('2026-05-02', '劳动节'), off('2026-05-05', '劳动节'), off('2026-07-01', null), off('2026-08-01', ' ')])
    expect(list[0].runs).toEqual([
      { from: '2026-05-01', to: '2026-05-02' },
      { from: '2026-05-05', to: '2026-05-05' },
    ])
    expect(list[1]).toEqual({ festival: null, runs: [{ from: '2026-07-01', to: '2026-07-01' }, { from: '2026-08-01', to: '2026-08-01' }], days: 2, workdays: [] })
  })
})

describe('date ranges in words', () => {
  it('writes the month once within a month, twice across months', () => {
    expect(runText({ from: '2026-02-15', to: '2026-02-23' }, zh)).toBe('2月15日–23日')
    expect(runText({ from: '2026-04-30', to: '2026-05-04' }, zh)).toBe('4月30日–5月4日')
    expect(runText({ from: '2026-01-01', to: '2026-01-01' }, zh)).toBe('1月1日')
    expect(runText({ from: '2026-02-15', to: '2026-02-23' }, en)).toBe('Feb 15–23')
    expect(datesText(['2026-02-14', '2026-02-28'], zh)).toBe('2月14日、2月28日')
    expect(datesText(['2026-02-14', '2026-02-28'], en)).toBe('Feb 14, Feb 28')
  })
})

describe('editing a day', () => {
  it('makes a day a day off, a worked weekend day, or ordinary again, keeping the list in date order', () => {
    let days = withChoice([], '2026-10-10', 'workday', ' 国庆节 ')
    days = withChoice(days, '2026-10-01', 'holiday', '')
    expect(days).toEqual([off('2026-10-01', null), worked('2026-10-10', '国庆节')])
    days = withChoice(days, '2026-10-01', 'holiday', '国庆节')
    expect(days[0]).toEqual(off('2026-10-01', '国庆节'))
    expect(withChoice(days, '2026-10-10', 'normal', null)).toEqual([off('2026-10-01', '国庆节')])
  })

  it('offers a make-up working day only on a Saturday or Sunday', () => {
    expect(choicesFor('2026-10-10')).toEqual(['holiday', 'workday', 'normal'])
    expect(choicesFor('2026-10-08')).toEqual(['holiday', 'normal'])
  })

  it('tells an edited year from the stored one, whatever the order', () => {
    expect(sameDays(YEAR_2026, [...YEAR_2026].reverse())).toBe(true)
    expect(sameDays(YEAR_2026, withChoice(YEAR_2026, '2026-10-10', 'normal', null))).toBe(false)
    expect(sameDays([off('2026-07-01', null)], [off('2026-07-01', '')])).toBe(true)
  })
})

describe('errorsByDate', () => {
  it('puts the server’s days[i] messages on the dates that were sent in that place', () => {
    const sent = [off('2026-10-01', '国庆节'), worked('2026-10-08', '国庆节')]
    const result = errorsByDate({ 'days[1].kind': '调休上班日只能是周六或周日。', days: '一年最多 366 天。', 'days[7].date': 'x' }, sent)
    expect(result.byDate).toEqual({ '2026-10-08': '调休上班日只能是周六或周日。' })
    expect(result.other).toEqual(['一年最多 366 天。', 'x'])
  })
})
