import { describe, expect, it } from 'vitest'
import { describeCron, toCron } from './schedule'

const NAMES = ['日', '一', '二', '三', '四', '五', '六']

describe('maintenance schedule', () => {
  it('writes weekly and monthly windows as cron, minute first', () => {
    expect(toCron({ kind: 'weekly', weekdays: [6, 0, 6], time: '02:30' })).toBe('30 2 * * 0,6')
    expect(toCron({ kind: 'monthly', day: 1, time: '22:00' })).toBe('0 22 1 * *')
    expect(toCron({ kind: 'cron', cron: ' 0 3 * * 1-5 ' })).toBe('0 3 * * 1-5')
  })

  it('refuses a time that is not hh:mm', () => {
    expect(() => toCron({ kind: 'weekly', weekdays: [1], time: '2 pm' })).toThrow()
  })

  it('reads back what the form writes, and leaves other schedules as they are', () => {
    expect(describeCron('30 2 * * 0,6', NAMES)).toEqual({ kind: 'weekly', days: '日、六', time: '02:30' })
    expect(describeCron('0 22 1 * *', NAMES)).toEqual({ kind: 'monthly', days: '1', time: '22:00' })
    expect(describeCron('*/15 * * * *', NAMES)).toBeNull()
    expect(describeCron('0 3 * * 1-5', NAMES)).toBeNull()
  })
})
