import { describe, expect, it } from 'vitest'
import { emptyForm, formToPromQL, looksLikeCounter, quoteValue, selectorOf } from './queryForm'

describe('formToPromQL', () => {
  it('writes a metric with its filters', () => {
    expect(selectorOf({ metric: 'up', filters: [] })).toBe('up')
    expect(selectorOf({ metric: 'up', filters: [{ label: 'job', op: '!=', value: 'x' }, { label: '', op: '=', value: 'ignored' }] })).toBe('up{job!="x"}')
    expect(selectorOf({ metric: '', filters: [] })).toBe('{}')
  })

  it('keeps a variable reference as written', () => {
    expect(selectorOf({ metric: 'up', filters: [{ label: 'ci', op: '=~', value: '$ci' }] })).toBe('up{ci=~"$ci"}')
  })

  it('adds a rate over the given range or the rate interval, then the aggregation', () => {
    expect(
      formToPromQL({ metric: 'node_network_receive_bytes_total', filters: [{ label: 'ci', op: '=~', value: '$ci' }], aggregation: 'sum', by: ['ci', 'device'], rate: true, rangeSeconds: 300 }),
    ).toBe('sum by (ci, device) (rate(node_network_receive_bytes_total{ci=~"$ci"}[5m]))')
    expect(formToPromQL({ metric: 'x_total', filters: [], aggregation: 'none', by: [], rate: true })).toBe('rate(x_total[$__rate_interval])')
    expect(formToPromQL({ metric: 'up', filters: [], aggregation: 'count', by: [], rate: false })).toBe('count (up)')
  })

  it('quotes values safely', () => {
    expect(quoteValue('a"b\\c')).toBe('"a\\"b\\\\c"')
  })

  it('starts with the ci variable when the dashboard has one, and knows a counter', () => {
    expect(emptyForm(['ci']).filters).toEqual([{ label: 'ci', op: '=~', value: '$ci' }])
    expect(emptyForm([]).filters).toEqual([])
    expect(looksLikeCounter('node_cpu_seconds_total')).toBe(true)
    expect(looksLikeCounter('node_load1')).toBe(false)
  })
})
