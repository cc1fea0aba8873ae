import { beforeEach, describe, expect, it, vi } from 'vitest'

const calls: string[] = []
let fail = false
vi.mock('./promApi', () => ({
  promApi: {
    labelValues: async (label: string, match: string[] = []) => {
      calls.push(`values ${label} ${match.join(',')}`)
      if (fail) throw new Error('down')
      return label === '__name__' ? ['up', 'node_load1'] : ['b', 'a']
    },
    labels: async (match: string[] = []) => {
      calls.push(`labels ${match.join(',')}`)
      return ['__name__', 'job', 'ci']
    },
  },
}))

const { forgetSuggestions, labelNames, labelValues, metricNames } = await import('./suggestions')

describe('suggestions', () => {
  beforeEach(() => {
    forgetSuggestions()
    calls.length = 0
    fail = false
  })

  it('asks once and keeps the sorted answer', async () => {
    expect(await metricNames()).toEqual(['node_load1', 'up'])
    expect(await metricNames()).toEqual(['node_load1', 'up'])
    expect(calls).toEqual(['values __name__ '])
  })

  it('lists label names without __name__, per metric', async () => {
    expect(await labelNames('up')).toEqual(['ci', 'job'])
    await labelNames()
    expect(calls).toEqual(['labels up', 'labels '])
  })

  it('narrows label values to a metric and forgets a failure', async () => {
    fail = true
    await expect(labelValues('ci', 'up')).rejects.toThrow('down')
    fail = false
    expect(await labelValues('ci', 'up')).toEqual(['a', 'b'])
    expect(calls).toEqual(['values ci up', 'values ci up'])
  })
})
