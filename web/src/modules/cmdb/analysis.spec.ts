import { describe, expect, it } from 'vitest'
import {
  STATUS_COLORS,
  faultTreeItems,
  graphElements,
  impactStatuses,
  layerBands,
  layeredPositions,
  matrixColumns,
  matrixExportUrl,
  matrixGroups,
  sortFaults,
  sortImpact,
  type CiRef,
  type FailureMatrix,
  type ImpactResult,
  type ServiceModel,
} from './analysis'

const ci = (id: number, type: string, name = `ci${id}`): CiRef => ({ id, code: `c${id}`, name, type })

const model: ServiceModel = {
  business: ci(1, 'business', 'EMR'),
  layers: [
    { layer: 'hardware', cis: [ci(5, 'storage-system', 'storage'), ci(4, 'physical-server', 'srv')] },
    { layer: 'business', cis: [ci(1, 'business', 'EMR')] },
    { layer: 'support', cis: [] },
    { layer: 'application', cis: [ci(2, 'application', 'app')] },
    { layer: 'data', cis: [ci(3, 'database', 'db'), ci(6, 'database', 'db-standby')] },
  ],
  edges: [
    { id: 10, type: 'composed-of', sourceId: 1, targetId: 2 },
    { id: 11, type: 'accesses', sourceId: 2, targetId: 3 },
    { id: 12, type: 'backs-up', sourceId: 6, targetId: 3, mode: 'cold' },
    { id: 13, type: 'runs-on', sourceId: 3, targetId: 4 },
    { id: 14, type: 'uses', sourceId: 4, targetId: 99 },
  ],
}

describe('layerBands', () => {
  it('orders the layers top to bottom (OBASHI), drops empty ones and sorts CIs by type then name', () => {
    const bands = layerBands(model)
    expect(bands.map((b) => b.layer)).toEqual(['business', 'application', 'data', 'hardware'])
    expect(bands[3].cis.map((c) => c.type)).toEqual(['physical-server', 'storage-system'])
  })

  it('puts a layer it does not know below the known ones', () => {
    const bands = layerBands({ layers: [{ layer: 'quantum', cis: [ci(1, 'q')] }, { layer: 'device', cis: [ci(2, 'd')] }] })
    expect(bands.map((b) => b.layer)).toEqual(['device', 'quantum'])
  })
})

describe('graphElements', () => {
  it('builds one node per CI with its layer colour and rank, and edges only between nodes on the graph', () => {
    const { nodes, edges } = graphElements(model, (t) => `rel:${t}`)
    expect(nodes.map((n) => n.data.id)).toEqual(['1', '2', '3', '6', '4', '5'])
    expect(nodes[0].data.rank).toBeLessThan(nodes[1].data.rank)
    expect(nodes.every((n) => n.data.status === 'unknown' && n.data.statusColor === STATUS_COLORS.unknown)).toBe(true)
    expect(edges.map((e) => e.data.id)).toEqual(['e10', 'e11', 'e12', 'e13'])
    expect(edges[0].data.label).toBe('rel:composed-of')
    expect(edges[0].classes).toBe('')
  })

  it('dashes standby edges and names their mode', () => {
    const standby = graphElements(model).edges.find((e) => e.data.type === 'backs-up')!
    expect(standby.classes).toBe('standby')
    expect(standby.data.label).toBe('backs-up (cold)')
  })

  it('positions every node in its layer row, top to bottom', () => {
    const { nodes } = graphElements(model)
    const pos = layeredPositions(nodes)
    expect(pos.size).toBe(nodes.length)
    expect(pos.get('1')!.y).toBeLessThan(pos.get('2')!.y)
    expect(pos.get('3')!.y).toBe(pos.get('6')!.y)
    expect(pos.get('3')!.x).not.toBe(pos.get('6')!.x)
  })

  it('wraps a crowded layer onto several lines before the next layer starts', () => {
    const crowded: ServiceModel = {
      business: ci(1, 'business'),
      layers: [
        { layer: 'business', cis: [ci(1, 'business')] },
        { layer: 'virtualization', cis: Array.from({ length: 12 }, (_, i) => ci(100 + i, 'vm')) },
        { layer: 'hardware', cis: [ci(200, 'physical-server')] },
      ],
      edges: [],
    }
    const pos = layeredPositions(graphElements(crowded).nodes, 100, 100, 9)
    const vmYs = new Set(Array.from({ length: 12 }, (_, i) => pos.get(String(100 + i))!.y))
    expect(vmYs.size).toBe(2)
    expect(pos.get('200')!.y).toBeGreaterThan(Math.max(...vmYs))
  })
})

describe('impactStatuses', () => {
  const ids = [1, 2, 3, 4, 5, 6]
  const entry = (c: CiRef, state: 'down' | 'recoverable', failed = false) => ({ ci: c, state, failed, path: [], switchTo: [] })

  it('is unknown before a run, except for the CIs chosen to fail', () => {
    const s = impactStatuses(ids, null, [5])
    expect(s.get(5)).toBe('failed')
    expect(s.get(1)).toBe('unknown')
  })

  it('maps failed → black, down → red, recoverable → amber, everything else up', () => {
    const result: ImpactResult = {
      failed: [ci(3, 'database')],
      unknownIds: [],
      affected: [entry(ci(3, 'database'), 'down', true), entry(ci(2, 'application'), 'recoverable'), entry(ci(4, 'physical-server'), 'down')],
      businesses: [entry(ci(1, 'business'), 'recoverable')],
    }
    const s = impactStatuses(ids, result)
    expect([...s]).toEqual([
      [1, 'recoverable'],
      [2, 'recoverable'],
      [3, 'failed'],
      [4, 'down'],
      [5, 'up'],
      [6, 'up'],
    ])
    const nodes = graphElements(model, undefined, s).nodes
    expect(nodes.find((n) => n.data.id === '3')!.data.statusColor).toBe(STATUS_COLORS.failed)
    expect(nodes.find((n) => n.data.id === '4')!.data.statusColor).toBe(STATUS_COLORS.down)
  })

  it('sorts affected business systems down first, then by name', () => {
    const sorted = sortImpact([entry(ci(1, 'business', 'b'), 'recoverable'), entry(ci(2, 'business', 'z'), 'down'), entry(ci(3, 'business', 'a'), 'down')])
    expect(sorted.map((e) => e.ci.name)).toEqual(['a', 'z', 'b'])
  })
})

describe('failure matrix', () => {
  const matrix: FailureMatrix = {
    businesses: [ci(1, 'business'), ci(2, 'business')],
    components: [ci(10, 'storage-system'), ci(11, 'database'), ci(12, 'storage-system'), ci(13, 'vm')],
    cells: [
      { businessId: 1, componentId: 10, cell: 'X' },
      { businessId: 2, componentId: 10, cell: 'X' },
      { businessId: 1, componentId: 11, cell: 'M' },
      { businessId: 2, componentId: 12, cell: 'A' },
      { businessId: 2, componentId: 13, cell: 'X' },
    ],
  }

  it('groups rows by component type in the server order, with a letter per business', () => {
    const groups = matrixGroups(matrix)
    expect(groups.map((g) => [g.type, g.rows.map((r) => r.component.id)])).toEqual([
      ['storage-system', [10, 12]],
      ['database', [11]],
      ['vm', [13]],
    ])
    expect(groups[0].rows[0].cells.get(2)).toBe('X')
    expect(groups[0].rows[1].cells.get(1)).toBeUndefined()
  })

  it('keeps only rows with an X when asked', () => {
    expect(matrixGroups(matrix, { onlyX: true }).flatMap((g) => g.rows.map((r) => r.component.id))).toEqual([10, 13])
  })

  it('restricts to the chosen business systems (X counted in the shown columns only)', () => {
    const groups = matrixGroups(matrix, { businessIds: [1] })
    expect(groups.flatMap((g) => g.rows.map((r) => r.component.id))).toEqual([10, 11])
    expect(matrixGroups(matrix, { businessIds: [1], onlyX: true }).flatMap((g) => g.rows.map((r) => r.component.id))).toEqual([10])
    expect(matrixColumns(matrix, [2]).map((b) => b.id)).toEqual([2])
    expect(matrixColumns(matrix).length).toBe(2)
  })

  it('links the XLSX export with the same business filter', () => {
    expect(matrixExportUrl()).toBe('/api/v1/cmdb/failure-matrix?format=xlsx')
    expect(matrixExportUrl([3, 7])).toBe('/api/v1/cmdb/failure-matrix?format=xlsx&business=3&business=7')
  })
})

describe('fault tree and typical faults', () => {
  it('expands shared sub-trees under each parent with distinct keys', () => {
    const items = faultTreeItems({
      business: ci(1, 'business'),
      root: 3,
      nodes: [
        { index: 0, gate: 'basicevent', ci: ci(5, 'storage-system'), label: 'storage', threshold: 0, children: [], recoverableVia: [] },
        { index: 1, gate: 'or', ci: ci(4, 'vm'), label: 'vm', threshold: 1, children: [0], recoverableVia: [] },
        { index: 2, gate: 'atleast', ci: ci(6, 'cluster'), label: 'cluster', threshold: 2, children: [0, 1], recoverableVia: [ci(7, 'database')] },
        { index: 3, gate: 'or', ci: ci(1, 'business'), label: 'root', threshold: 1, children: [1, 2], recoverableVia: [] },
      ],
    })
    expect(items).toHaveLength(1)
    const root = items[0]
    expect(root.children.map((c) => c.key)).toEqual(['3/1', '3/2'])
    expect(root.children[1].children.map((c) => c.key)).toEqual(['3/2/0', '3/2/1'])
    expect(root.children[1].total).toBe(2)
    expect(root.children[1].recoverableVia[0].id).toBe(7)
    expect(root.children[0].children[0].key).toBe('3/1/0')
  })

  it('sorts typical faults: single points first, down before recoverable', () => {
    const sorted = sortFaults([
      { cis: [ci(1, 'x', 'b'), ci(2, 'x', 'c')], size: 2, result: 'down' },
      { cis: [ci(3, 'x', 'z')], size: 1, result: 'recoverable' },
      { cis: [ci(4, 'x', 'a')], size: 1, result: 'down' },
    ])
    expect(sorted.map((f) => f.cis[0].name)).toEqual(['a', 'z', 'b'])
  })
})
