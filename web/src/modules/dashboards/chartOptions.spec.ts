import { describe, expect, it } from 'vitest'
import { axisDecimals, barOption, gaugeOption, niceCeiling, thresholdBands, thresholdColor, timeSeriesOption, tooltipHtml, withAlpha } from './chartOptions'

const display = { unit: 'percent', thresholds: [{ value: 90, color: '#f56c6c' }, { value: 80, color: '#e6a23c' }] }

describe('thresholds', () => {
  it('sorts them into bands, the last one open', () => {
    expect(thresholdBands(display.thresholds)).toEqual([{ from: 80, to: 90, color: '#e6a23c' }, { from: 90, to: null, color: '#f56c6c' }])
  })

  it('colours a value by the highest threshold it reaches', () => {
    expect(thresholdColor(85, display.thresholds, 'green')).toBe('#e6a23c')
    expect(thresholdColor(95, display.thresholds, 'green')).toBe('#f56c6c')
    expect(thresholdColor(10, display.thresholds, 'green')).toBe('green')
    expect(thresholdColor(null, display.thresholds, 'green')).toBe('green')
    expect(withAlpha('#ff0000', 0.5)).toBe('rgba(255, 0, 0, 0.5)')
  })
})

describe('timeSeriesOption', () => {
  const series = [
    { name: 'a', labels: {}, points: [[0, 1], [15_000, 2]] as [number, number | null][] },
    { name: 'b', labels: {}, points: [[0, 3], [15_000, null]] as [number, number | null][] },
  ]

  it('draws one line per series with the thresholds on the first, percent from 0 to 100', () => {
    const o = timeSeriesOption(series, display) as Record<string, any>
    expect(o.series).toHaveLength(2)
    expect(o.series[0].markLine.data.map((d: { yAxis: number }) => d.yAxis)).toEqual([80, 90])
    expect(o.series[1].markLine).toBeUndefined()
    // percent: 0–100 unless the data goes beyond
    expect(o.yAxis.min({ min: 5, max: 60 })).toBe(0)
    expect(o.yAxis.max({ min: 5, max: 60 })).toBe(100)
    expect(o.yAxis.max({ min: 5, max: 180 })).toBe(180)
    expect(o.yAxis.axisLabel.formatter(50)).toBe('50%')
    expect(o.brush.brushType).toBe('lineX')
    expect(o.legend.type).toBe('scroll')
  })

  it('gives a plain number that varies little enough decimals for its axis to read apart', () => {
    const ratio = [{ name: 'r', labels: {}, points: [[0, 0.8891], [15_000, 0.8934]] as [number, number | null][] }]
    const o = timeSeriesOption(ratio, { unit: '', thresholds: [] }) as Record<string, any>
    expect([0.889, 0.89, 0.891].map((v) => o.yAxis.axisLabel.formatter(v))).toEqual(['0.889', '0.89', '0.891'])
    expect(axisDecimals('', 10, 5000)).toBeUndefined()
    expect(axisDecimals('bytes', 0.1, 0.2)).toBeUndefined()
    expect(axisDecimals('', 1, 1)).toBeUndefined()
    expect(axisDecimals('', 0.2, 0.6)).toBe(1)
  })

  it('stacks when asked, keeps thresholds without data, and takes explicit bounds', () => {
    const stacked = timeSeriesOption(series, { unit: 'bytes', thresholds: [], stacked: true, min: 10 }) as Record<string, any>
    expect(stacked.series[0].stack).toBe('total')
    expect(stacked.yAxis.min).toBe(10)
    expect(stacked.yAxis.max).toBeUndefined()
    const empty = timeSeriesOption([], display) as Record<string, any>
    expect(empty.series).toHaveLength(1)
    expect(empty.series[0].markArea.data).toHaveLength(2)
  })

  it('runs the top band to the fixed axis top, else to the highest value drawn', () => {
    const top = (o: unknown) => (o as Record<string, any>).series[0].markArea.data.at(-1)[1].yAxis
    expect(top(timeSeriesOption(series, display))).toBe(100)
    expect(top(timeSeriesOption(series, { unit: 'none', thresholds: [{ value: 2, color: '#f00' }] }))).toBe(3)
    // nothing above the threshold: no band, still the line
    const o = timeSeriesOption(series, { unit: 'none', thresholds: [{ value: 5, color: '#f00' }] }) as Record<string, any>
    expect(o.series[0].markArea.data).toEqual([])
    expect(o.series[0].markLine.data).toHaveLength(1)
  })

  it('fixes the x axis to the asked range', () => {
    const o = timeSeriesOption(series, display, { range: { start: 100, end: 200 } }) as Record<string, any>
    expect(o.xAxis.min).toBe(100_000)
    expect(o.xAxis.max).toBe(200_000)
  })

  it('writes tooltips in the unit, largest first, escaped', () => {
    const html = tooltipHtml(Date.UTC(2026, 10, 22, 1, 30, 0), [{ name: 'a<b>', value: 1, color: '#fff' }, { name: 'c', value: 50, color: '#000' }], display)
    expect(html).toContain('2026-11-22 09:30:00')
    expect(html.indexOf('50%')).toBeLessThan(html.indexOf('1%'))
    expect(html).toContain('a&lt;b&gt;')
  })
})

describe('bar and gauge', () => {
  it('colours bars by threshold', () => {
    const o = barOption([{ name: 'x', value: 95 }, { name: 'y', value: 5 }], display, true) as Record<string, any>
    expect(o.series[0].data.map((d: { itemStyle: { color: string } }) => d.itemStyle.color)).toEqual(['#f56c6c', '#5470c6'])
    expect(o.yAxis.type).toBe('category')
  })

  it('scales a gauge by unit or value and colours its arc by threshold', () => {
    const o = gaugeOption(85, display) as Record<string, any>
    expect(o.series[0].min).toBe(0)
    expect(o.series[0].max).toBe(100)
    expect(o.series[0].axisLine.lineStyle.color).toEqual([[0.8, '#5470c6'], [0.9, '#e6a23c'], [1, '#f56c6c']])
    expect(o.series[0].detail.formatter()).toBe('85%')
    expect((gaugeOption(3_700, { unit: 'none', thresholds: [] }) as Record<string, any>).series[0].max).toBe(5_000)
    expect((gaugeOption(1, display, '#000', true) as Record<string, any>).series[0].axisLabel.show).toBe(false)
    expect(niceCeiling(0)).toBe(1)
    expect(niceCeiling(120)).toBe(200)
  })
})
