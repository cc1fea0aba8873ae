import { describe, expect, it } from 'vitest'
import type { BusinessPeriod } from './api'
import {
  copyMondayToWeekdays,
  periodsFromRows,
  placeErrors,
  rowsFromPeriods,
  weekSummary,
  withPeriodAdded,
  withPeriodRemoved,
  type WeekWords,
} from './business'

const zh: WeekWords = {
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  range: (from, to) => `${from}至${to}`,
  periodSeparator: '、',
  groupSeparator: '；',
  daySeparator: '、',
}

const en: WeekWords = {
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  range: (from, to) => `${from}–${to}`,
  periodSeparator: ', ',
  groupSeparator: '; ',
  daySeparator: ', ',
}

const days = (from: number, to: number, ...hours: [string, string][]): BusinessPeriod[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).flatMap((weekday) => hours.map(([f, t]) => ({ weekday, from: f, to: t })))

describe('weekly hours in words', () => {
  it('writes Monday to Friday 8 to 6 as one run', () => {
    expect(weekSummary(days(1, 5, ['08:00', '18:00']), zh)).toBe('周一至周五 08:00–18:00')
    expect(weekSummary(days(1, 5, ['08:00', '18:00']), en)).toBe('Mon–Fri 08:00–18:00')
  })

  it('keeps a lunch break, in time order whatever order the periods came in', () => {
    expect(weekSummary(days(1, 5, ['13:30', '17:30'], ['08:00', '12:00']), zh)).toBe('周一至周五 08:00–12:00、13:30–17:30')
  })

  it('groups days with the same hours, and lists days that are not consecutive one by one', () => {
    const periods = [...days(1, 1, ['09:00', '12:00']), ...days(3, 3, ['09:00', '12:00']), ...days(2, 2, ['08:00', '18:00']), ...days(6, 7, ['10:00', '16:00'])]
    expect(weekSummary(periods, zh)).toBe('周一、周三 09:00–12:00；周二 08:00–18:00；周六、周日 10:00–16:00')
  })

  it('is empty for a week without periods', () => {
    expect(weekSummary([], zh)).toBe('')
  })
})

describe('the week editor', () => {
  it('has seven rows, Monday first, that give back the periods sent with their places', () => {
    const rows = rowsFromPeriods([{ weekday: 2, from: '13:30', to: '17:30' }, { weekday: 2, from: '08:00', to: '12:00' }, { weekday: 7, from: '00:00', to: '24:00' }])
    expect(rows.map((r) => r.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(rows[1].periods).toEqual([{ from: '08:00', to: '12:00' }, { from: '13:30', to: '17:30' }])
    const { periods, places } = periodsFromRows(rows)
    expect(periods).toEqual([
      { weekday: 2, from: '08:00', to: '12:00' },
      { weekday: 2, from: '13:30', to: '17:30' },
      { weekday: 7, from: '00:00', to: '24:00' },
    ])
    expect(places).toEqual([{ weekday: 2, position: 0 }, { weekday: 2, position: 1 }, { weekday: 7, position: 0 }])
  })

  it('copies Monday to Tuesday to Friday and leaves the weekend alone', () => {
    const rows = rowsFromPeriods([...days(1, 1, ['08:00', '12:00'], ['13:30', '18:00']), ...days(3, 3, ['09:00', '10:00']), ...days(6, 6, ['09:00', '12:00'])])
    const copied = copyMondayToWeekdays(rows)
    for (const weekday of [2, 3, 4, 5]) expect(copied[weekday - 1].periods).toEqual([{ from: '08:00', to: '12:00' }, { from: '13:30', to: '18:00' }])
    expect(copied[5].periods).toEqual([{ from: '09:00', to: '12:00' }])
    expect(copied[6].periods).toEqual([])
    // a copy, not the same objects: editing Tuesday later leaves Monday as it is
    copied[1].periods[0].from = '07:00'
    expect(copied[0].periods[0].from).toBe('08:00')
  })

  it('adds 08:00–18:00 to an empty day, an hour after the last period otherwise, and no more than four', () => {
    let rows = rowsFromPeriods([])
    rows = withPeriodAdded(rows, 3)
    expect(rows[2].periods).toEqual([{ from: '08:00', to: '18:00' }])
    rows = withPeriodAdded(rows, 3)
    expect(rows[2].periods[1]).toEqual({ from: '19:00', to: '20:00' })
    rows = withPeriodAdded(withPeriodAdded(withPeriodAdded(rows, 3), 3), 3)
    expect(rows[2].periods).toHaveLength(4)
    expect(rows[2].periods[3]).toEqual({ from: '23:00', to: '24:00' })
    rows = withPeriodRemoved(rows, 3, 0)
    expect(rows[2].periods[0]).toEqual({ from: '19:00', to: '20:00' })
  })
})

describe('server errors on the form', () => {
  it('puts period errors on the period they name, the week’s above it and the fields beside them', () => {
    const { places } = periodsFromRows(rowsFromPeriods([...days(1, 1, ['08:00', '12:00'], ['14:00', '13:00']), ...days(2, 2, ['25:00', '26:00'])]))
    const placed = placeErrors(
      {
        'periods[1].to': '结束时间应晚于开始时间。',
        'periods[2].from': '时间应写成 HH:mm。',
        'periods[2]': '每天最多 4 个时段。',
        periods: '请至少设置一个工作时段。',
        name: '已有同名的服务时间日历。',
        'periods[9].to': 'stray',
        version: '必填项。',
      },
      places,
      ['name', 'timeZone', 'description'],
    )
    // sent as Monday 08:00–12:00, Monday 14:00–13:00 (rows keep time order by start), Tuesday 25:00–26:00
    expect(placed.periods['1-1']).toEqual({ to: '结束时间应晚于开始时间。' })
    expect(placed.periods['2-0']).toEqual({ from: '时间应写成 HH:mm。', period: '每天最多 4 个时段。' })
    expect(placed.week).toBe('请至少设置一个工作时段。')
    expect(placed.fields).toEqual({ name: '已有同名的服务时间日历。' })
    expect(placed.other).toEqual(['stray', '必填项。'])
  })
})
