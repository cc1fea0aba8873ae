import { describe, expect, it } from 'vitest'
import { decisionStep, formToLevels, impactDelta, isChangeLike, levelsToForm, moveItem, parseChangeNumbers, type ImpactEntry, type ImpactSet } from './changes'

const entry = (id: number, code: string, level: number | null = null): ImpactEntry => ({ id, code, name: code, type: 'business', state: 'down', named: false, level })
const set = (systems: ImpactEntry[], cis: ImpactEntry[] = []): ImpactSet => ({
  businessSystems: systems,
  cis,
  businessSystemCount: systems.length,
  levelOneCount: systems.filter((s) => s.level === 1).length,
  ciCount: cis.length,
  at: '2026-11-02T01:30:00Z',
})

describe('change panel logic', () => {
  it('shows the panel on changes and releases only', () => {
    expect(isChangeLike('change')).toBe(true)
    expect(isChangeLike('release')).toBe(true)
    expect(isChangeLike('incident')).toBe(false)
    expect(isChangeLike(null)).toBe(false)
  })

  it('names what the live impact set added and what it no longer has', () => {
    const submitted = set([entry(1, 'his', 1)], [entry(10, 'app-his')])
    const live = set([entry(1, 'his', 1), entry(2, 'follow-up', 3)], [])
    const delta = impactDelta(submitted, live)
    expect(delta.added.map((e) => e.code)).toEqual(['follow-up'])
    expect(delta.gone.map((e) => e.code)).toEqual(['app-his'])
    expect(impactDelta(null, live)).toEqual({ added: [], gone: [] })
  })

  it('reads change numbers typed in any separator, each once', () => {
    expect(parseChangeNumbers('chg-20261102-0001, CHG-20261102-0002\nCHG-20261102-0001、 CHG-20261102-0003')).toEqual([
      'CHG-20261102-0001',
      'CHG-20261102-0002',
      'CHG-20261102-0003',
    ])
    expect(parseChangeNumbers('  ')).toEqual([])
  })

  it('uses the offered approve step, or builds one for a named approver', () => {
    const offered = [{ key: 'approve', name: '批准', nameEn: 'Approve', to: 'approved', requiredFields: [], commentRequired: false, milestone: null }]
    expect(decisionStep(offered, 'approve', { name: 'x', nameEn: 'x' })).toBe(offered[0])
    const reject = decisionStep([], 'reject', { name: '驳回', nameEn: 'Reject' })
    expect(reject.commentRequired).toBe(true)
    expect(reject.to).toBe('draft')
  })

  it('edits levels as forms and keeps their order of approval', () => {
    const forms = levelsToForm([
      { name: '科室主任', nameEn: 'Head of department', roles: [], users: ['zhangwei'] },
      { name: '信息科主任', nameEn: '信息科主任', roles: ['it-director'], users: [] },
    ])
    expect(forms[1].nameEn).toBe('')
    const moved = moveItem(forms, 1, -1)
    expect(moved.map((f) => f.name)).toEqual(['信息科主任', '科室主任'])
    expect(moveItem(forms, 0, -1)).toBe(forms)
    expect(formToLevels([{ name: ' 主任 ', nameEn: '', roles: [' it-director ', ''], users: [] }])).toEqual([{ name: '主任', nameEn: '', roles: ['it-director'], users: [] }])
  })
})
