import { describe, expect, it } from 'vitest'
import { EXPORT_FORMAT, definitionForServer, exportFileName, matchesSearch, newPanelId, normalizeDefinition, normalizeVariable, readExportDocument, sortDashboards } from './model'

describe('normalizeDefinition', () => {
  it('fills a missing or damaged definition with defaults', () => {
    expect(normalizeDefinition(undefined)).toEqual({ time: { from: 'now-6h', to: 'now' }, refreshSeconds: 0, variables: [], panels: [] })
    expect(normalizeDefinition({ time: { from: 'soon', to: 'now' }, refreshSeconds: 17 }).time).toEqual({ from: 'now-6h', to: 'now' })
    expect(normalizeDefinition({ refreshSeconds: 60 }).refreshSeconds).toBe(60)
  })

  it('keeps a panel whole and drops what is not a panel field', () => {
    const d = normalizeDefinition({
      panels: [
        {
          id: 'cpu',
          title: 'CPU',
          type: 'timeseries',
          grid: { x: 0, y: 0, w: 12, h: 8 },
          queries: [{ expr: 'up', legend: '{{ci}}', form: { metric: 'up', filters: [{ label: 'ci', op: '=~', value: '$ci' }], aggregation: 'sum', by: ['ci'], rate: false } }],
          unit: 'percent',
          decimals: 1,
          min: 0,
          max: 100,
          thresholds: [{ value: 80, color: '#e6a23c' }, { value: 'x', color: 'red' }],
          stacked: true,
          extra: 'dropped',
        },
      ],
    })
    expect(d.panels[0]).toEqual({
      id: 'cpu',
      title: 'CPU',
      type: 'timeseries',
      grid: { x: 0, y: 0, w: 12, h: 8 },
      queries: [{ expr: 'up', legend: '{{ci}}', form: { metric: 'up', filters: [{ label: 'ci', op: '=~', value: '$ci' }], aggregation: 'sum', by: ['ci'], rate: false } }],
      unit: 'percent',
      decimals: 1,
      min: 0,
      max: 100,
      thresholds: [{ value: 80, color: '#e6a23c' }],
      stacked: true,
    })
  })

  it('repairs unknown types, units, grids and repeated ids', () => {
    const d = normalizeDefinition({ panels: [{ id: 'a', type: 'pie', unit: 'furlongs', grid: { x: 30, w: 50 } }, { id: 'a' }, {}] })
    expect(d.panels.map((p) => p.id)).toEqual(['a', 'a-2', 'p3'])
    expect(d.panels[0].type).toBe('timeseries')
    expect(d.panels[0].unit).toBe('none')
    expect(d.panels[0].grid).toEqual({ x: 0, y: 0, w: 24, h: 8 })
  })
})

describe('variables', () => {
  it('reads the Prometheus label from `label` and the caption from `title`', () => {
    expect(normalizeVariable({ name: 'ci', title: '主机', kind: 'label_values', metric: 'up', label: 'ci', multi: false, includeAll: true })).toEqual({
      name: 'ci', label: '主机', kind: 'label_values', metric: 'up', labelName: 'ci', multi: false, includeAll: true,
    })
  })

  it('takes a `label` that cannot be a label name as the caption', () => {
    expect(normalizeVariable({ name: 'ci', label: '主机', metric: 'up' })).toMatchObject({ label: '主机', labelName: 'ci' })
    expect(normalizeVariable({ name: 'bad name' })).toBeNull()
  })

  it('sends label and title back', () => {
    const d = normalizeDefinition({ variables: [{ name: 'ci', title: 'CI', metric: 'up', label: 'ci', includeAll: true, default: 'x' }] })
    expect(definitionForServer(d).variables).toEqual([{ name: 'ci', title: 'CI', kind: 'label_values', metric: 'up', label: 'ci', multi: false, includeAll: true, default: 'x' }])
  })
})

describe('import and export', () => {
  it('accepts only the export format', () => {
    const doc = { title: 'T', description: 'D', tags: ['a', 1], definition: { panels: [] }, format: EXPORT_FORMAT }
    expect(readExportDocument(JSON.stringify(doc))).toEqual({ ok: true, doc: { ...doc, tags: ['a'] } })
    expect(readExportDocument('nope')).toEqual({ ok: false, reason: 'json' })
    expect(readExportDocument(JSON.stringify({ ...doc, format: 'grafana' }))).toEqual({ ok: false, reason: 'format' })
  })

  it('names the file after the title', () => {
    expect(exportFileName('Host overview: HIS', 'x')).toBe('Host-overview-HIS.json')
    expect(exportFileName('  ', 'uid-1')).toBe('uid-1.json')
  })
})

describe('lists', () => {
  const d = (title: string, builtIn: boolean, mine: boolean, tags: string[] = []) => ({ title, builtIn, mine, tags, description: '' })

  it('shows built-in first, then mine, then shared by others', () => {
    expect(sortDashboards([d('z', false, false), d('b', false, true), d('c', true, false), d('a', false, true)]).map((x) => x.title)).toEqual(['c', 'a', 'b', 'z'])
  })

  it('searches titles and tags', () => {
    expect(matchesSearch(d('Host overview', true, false, ['linux']), 'LINUX')).toBe(true)
    expect(matchesSearch(d('Host overview', true, false), 'host')).toBe(true)
    expect(matchesSearch(d('Host overview', true, false), 'oracle')).toBe(false)
  })

  it('gives new panels unused ids', () => {
    const p = normalizeDefinition({ panels: [{ id: 'p2' }, { id: 'p3' }] }).panels
    expect(newPanelId(p)).toBe('p4')
  })
})
