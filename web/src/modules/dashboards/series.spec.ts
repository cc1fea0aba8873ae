import { describe, expect, it } from 'vitest'
import { instantRows, labelColumns, lastValue, legendName, matrixToSeries, sampleValue, seriesSelector, toPoints, type MatrixSeries } from './series'

const cpu = (instance: string, mode: string, values: [number, string][]): MatrixSeries => ({
  metric: { __name__: 'node_cpu_seconds_total', instance, mode },
  values,
})

describe('legend names', () => {
  it('fills {{label}} from the series labels, empty for a missing one', () => {
    const labels = { instance: 'his-app-01:9100', mode: 'idle' }
    expect(legendName(labels, '{{instance}} {{ mode }}')).toBe('his-app-01:9100 idle')
    expect(legendName(labels, '{{instance}} / {{cpu}}')).toBe('his-app-01:9100 / ')
  })

  it('names a series by its selector when there is no template', () => {
    expect(legendName({ __name__: 'up', job: 'node', instance: 'a' })).toBe('up{instance="a", job="node"}')
    expect(seriesSelector({ job: 'x"y' })).toBe('{job="x\\"y"}')
    expect(seriesSelector({})).toBe('{}')
  })
})

describe('points', () => {
  it('turns seconds and text into milliseconds and numbers; NaN is a gap', () => {
    expect(toPoints([[100, '1.5'], [115, 'NaN'], [130, '2']])).toEqual([[100_000, 1.5], [115_000, null], [130_000, 2]])
    expect(sampleValue('+Inf')).toBe(Infinity)
    expect(sampleValue('-Inf')).toBe(-Infinity)
  })

  it('breaks the line where samples are missing for more than two steps', () => {
    expect(toPoints([[0, '1'], [15, '1'], [90, '2']], 15)).toEqual([[0, 1], [15_000, 1], [30_000, null], [90_000, 2]])
    expect(toPoints([[0, '1'], [30, '1']], 15)).toEqual([[0, 1], [30_000, 1]])
  })

  it('takes the last value that is there', () => {
    expect(lastValue([[1, 3], [2, null]])).toBe(3)
    expect(lastValue([])).toBeNull()
  })
})

describe('matrixToSeries', () => {
  it('draws at most the limit and says how many there were', () => {
    const result = Array.from({ length: 60 }, (_, i) => cpu(`h${i}`, 'idle', [[0, '1']]))
    const set = matrixToSeries(result, '{{instance}}', 15)
    expect(set.total).toBe(60)
    expect(set.series).toHaveLength(50)
    expect(set.series[0].name).toBe('h0')
    expect(matrixToSeries(result, undefined, 15, 5).series).toHaveLength(5)
  })
})

describe('instantRows', () => {
  it('reads a vector, a scalar and the last points of a matrix', () => {
    expect(instantRows({ resultType: 'vector', result: [{ metric: { __name__: 'up', ci: 'HIS-APP-01' }, value: [10, '1'] }] }, '{{ci}}')).toEqual([
      { name: 'HIS-APP-01', labels: { __name__: 'up', ci: 'HIS-APP-01' }, time: 10_000, value: 1 },
    ])
    expect(instantRows({ resultType: 'scalar', result: [5, '42'] })[0]).toMatchObject({ name: 'scalar', value: 42 })
    expect(instantRows({ resultType: 'matrix', result: [cpu('a', 'idle', [[1, '1'], [2, '7']]), cpu('b', 'idle', [])] })).toHaveLength(1)
    expect(instantRows({ resultType: 'matrix', result: [cpu('a', 'idle', [[1, '1'], [2, '7']])] })[0].value).toBe(7)
  })

  it('lists label columns with the metric name first', () => {
    expect(labelColumns([{ labels: { job: 'a', __name__: 'up' } }, { labels: { ci: 'x' } }])).toEqual(['__name__', 'ci', 'job'])
  })
})
