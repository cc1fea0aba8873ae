import { describe, expect, it } from 'vitest'
import { condition, quote, recovery, type ConditionForm } from './condition'

const form = (over: Partial<ConditionForm> = {}): ConditionForm => ({
  metric: 'oracle_tablespace_used_ratio',
  filters: [{ name: 'tablespace', value: 'USERS' }],
  comparison: '>',
  threshold: 0.85,
  recoveryThreshold: null,
  ...over,
})

describe('rule form condition', () => {
  it('writes a selector with its filters and the comparison', () => {
    expect(condition(form())).toBe('oracle_tablespace_used_ratio{tablespace="USERS"} > 0.85')
    expect(condition(form({ filters: [], comparison: '==', threshold: 0 }))).toBe('oracle_tablespace_used_ratio == 0')
  })

  it('leaves out empty filter rows and escapes values', () => {
    expect(condition(form({ filters: [{ name: ' ', value: 'x' }, { name: 'path', value: 'C:\\data "a"' }] }))).toBe(
      'oracle_tablespace_used_ratio{path="C:\\\\data \\"a\\""} > 0.85',
    )
    expect(quote('a\nb')).toBe('"a\\nb"')
  })

  it('gives the recovery condition the opposite comparison, and none where there is no opposite', () => {
    expect(recovery(form({ recoveryThreshold: 0.8 }))).toBe('oracle_tablespace_used_ratio{tablespace="USERS"} < 0.8')
    expect(recovery(form({ comparison: '<=', threshold: 10, recoveryThreshold: 20 }))).toBe('oracle_tablespace_used_ratio{tablespace="USERS"} > 20')
    expect(recovery(form({ recoveryThreshold: null }))).toBeNull()
    expect(recovery(form({ comparison: '==', recoveryThreshold: 1 }))).toBeNull()
  })
})
