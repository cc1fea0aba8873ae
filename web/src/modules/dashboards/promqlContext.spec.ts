import { describe, expect, it } from 'vitest'
import { applyCompletion, completionAt, errorPosition, offsetOf, rankCandidates } from './promqlContext'

/** the context where `|` marks the cursor */
const at = (s: string) => completionAt(s.replace('|', ''), s.indexOf('|'))

describe('completionAt', () => {
  it('offers metric names while a name is typed', () => {
    expect(at('node_cp|')).toEqual({ kind: 'metric', prefix: 'node_cp', start: 0, end: 7 })
    expect(at('rate(node_cp|')).toMatchObject({ kind: 'metric', prefix: 'node_cp', start: 5 })
    expect(at('|')).toMatchObject({ kind: 'metric', prefix: '' })
  })

  it('offers label names inside braces, with the metric', () => {
    expect(at('up{|}')).toMatchObject({ kind: 'labelName', metric: 'up', prefix: '' })
    expect(at('up{job="a", ins|}')).toMatchObject({ kind: 'labelName', metric: 'up', prefix: 'ins' })
    expect(at('sum by (ci, de|) (x)')).toMatchObject({ kind: 'labelName', metric: '', prefix: 'de' })
  })

  it('offers label values inside the quotes after an operator', () => {
    expect(at('up{ci="HIS|"}')).toMatchObject({ kind: 'labelValue', metric: 'up', label: 'ci', prefix: 'HIS', start: 7, end: 10 })
    expect(at('up{job="a", ci=~"|"}')).toMatchObject({ kind: 'labelValue', label: 'ci', prefix: '' })
  })

  it('offers nothing in a range, a number, or after a brace is closed inside a string', () => {
    expect(at('rate(x[5|])')).toEqual({ kind: 'none' })
    expect(at('x > 10|')).toEqual({ kind: 'none' })
    expect(at('up{a="}{"}|')).toMatchObject({ kind: 'metric' })
  })
})

describe('applyCompletion', () => {
  it('replaces the typed word and puts the cursor after it', () => {
    const c = completionAt('rate(node_cp[5m])', 12)
    if (c.kind === 'none') throw new Error('no context')
    expect(applyCompletion('rate(node_cp[5m])', c, 'node_cpu_seconds_total')).toEqual({ text: 'rate(node_cpu_seconds_total[5m])', cursor: 27 })
  })

  it('escapes a quote in a label value', () => {
    const c = completionAt('up{a=""}', 6)
    if (c.kind === 'none') throw new Error('no context')
    expect(applyCompletion('up{a=""}', c, 'x"y').text).toBe('up{a="x\\"y"}')
  })
})

describe('rankCandidates', () => {
  it('puts names starting with the prefix before names containing it', () => {
    expect(rankCandidates(['process_cpu', 'node_cpu', 'cpu_count', 'up'], 'cpu')).toEqual(['cpu_count', 'process_cpu', 'node_cpu'])
    expect(rankCandidates(['a', 'b', 'c'], '', 2)).toEqual(['a', 'b'])
  })
})

describe('error positions', () => {
  it('reads line:column from a parse error and finds the offset', () => {
    expect(errorPosition('1:8: parse error: unexpected "}"')).toEqual({ line: 1, column: 8 })
    expect(errorPosition('bad data')).toBeNull()
    expect(offsetOf('ab\ncdef', 2, 3)).toBe(5)
    expect(offsetOf('ab', 1, 99)).toBe(2)
  })
})
