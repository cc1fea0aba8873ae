import { describe, expect, it } from 'vitest'
import type { OfferedTransition } from './api'
import { addDays, bulkSummary, commonTransitions, exportQuery, isDay, monthOf, periodBounds, recordsApi, shanghaiToday, slaShare, toggleAllOnPage, type BulkOffered } from './records'

const step = (key: string, milestone: string | null = null): OfferedTransition => ({ key, name: key, nameEn: key, to: key, requiredFields: [], commentRequired: false, milestone })

describe('the export link', () => {
  it('carries the list filters but not its page or sort: the export holds every ticket', () => {
    const url = recordsApi.exportUrl({ status: 'all', type: 'incident', q: '检验 报告', from: '2026-11-01T00:00:00+08:00', sort: 'due', page: 3, pageSize: 50 })
    expect(url.startsWith('/api/v1/service-desk/tickets/export?')).toBe(true)
    const params = new URLSearchParams(url.split('?')[1])
    expect(Object.fromEntries(params)).toEqual({ status: 'all', type: 'incident', q: '检验 报告', from: '2026-11-01T00:00:00+08:00' })
    expect(exportQuery({ page: 1, pageSize: 20 })).toBe('')
  })
})

describe('periods', () => {
  it('bound Shanghai calendar days, the last one included, across month and year ends', () => {
    expect(periodBounds('2026-11-01', '2026-11-30')).toEqual({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' })
    expect(periodBounds('', '2026-12-31')).toEqual({ to: '2027-01-01T00:00:00+08:00' })
    expect(periodBounds('not a day', '')).toEqual({})
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(isDay('2026-13-01')).toBe(false)
    expect(isDay('2026-1-5')).toBe(false)
  })

  it('name this month and last month from today in Shanghai, not in the browser zone', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Shanghai
    expect(shanghaiToday(Date.UTC(2026, 10, 30, 17, 0))).toBe('2026-12-01')
    expect(monthOf('2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(monthOf('2026-03-15', 1)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(monthOf('2027-01-10', 1)).toEqual({ from: '2026-12-01', to: '2026-12-31' })
  })
})

describe('bulk actions', () => {
  it('offer the steps every picked ticket offers, never arrival', () => {
    const offered: BulkOffered[] = [
      { id: 1, number: 'INC-1', transitions: [step('assign'), step('arrive', 'arrival'), step('resolve', 'resolution'), step('hold')] },
      { id: 2, number: 'INC-2', transitions: [step('hold'), step('resolve', 'resolution'), step('arrive', 'arrival')] },
    ]
    expect(commonTransitions(offered).map((s) => s.key)).toEqual(['resolve', 'hold'])
    expect(commonTransitions([])).toEqual([])
    expect(commonTransitions([...offered, { id: 3, number: 'CHG-1', transitions: [] }])).toEqual([])
  })

  it('list the refused tickets with the reason and the fields named in the user language', () => {
    const summary = bulkSummary(
      {
        succeeded: 1,
        refused: 2,
        results: [
          { id: 1, number: 'INC-1', ok: true, code: null, message: null, fieldErrors: null },
          { id: 2, number: 'INC-2', ok: false, code: 'validation_failed', message: '输入有误', fieldErrors: { resolution: 'required' } },
          { id: 9, number: null, ok: false, code: 'not_found', message: '请求的对象不存在。', fieldErrors: null },
        ],
      },
      (key) => (key === 'resolution' ? '处理结果' : key),
    )
    expect(summary).toEqual({ done: 1, refused: [{ number: 'INC-2', reason: '输入有误 · 处理结果' }, { number: '#9', reason: '请求的对象不存在。' }] })
  })

  it('select all on the page, keeping picks from other pages; a second tick unselects the page only', () => {
    const picked = toggleAllOnPage([7, 1], [1, 2, 3])
    expect(picked).toEqual([7, 1, 2, 3])
    expect(toggleAllOnPage(picked, [1, 2, 3])).toEqual([7])
    expect(toggleAllOnPage([], [])).toEqual([])
  })

  it('show SLA shares to one decimal, none when nothing was measured', () => {
    expect(slaShare(2, 3)).toBe(66.7)
    expect(slaShare(0, 0)).toBeNull()
  })
})
