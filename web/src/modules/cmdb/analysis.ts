/**
 * The availability views of the CMDB: a business system's service model (layers, topology graph),
 * what-if impact, the failure matrix, typical faults and the fault tree. Pure functions, so that
 * the pages only render what these build.
 */

/** A CI as the analysis endpoints name it. */
export interface CiRef {
  id: number
  code: string
  name: string
  type: string
}

export interface ServiceModelEdge {
  id: number
  type: string
  sourceId: number
  targetId: number
  /** backs-up: 'hot' | 'cold' */
  mode?: string | null
}

export interface ServiceModel {
  business: CiRef
  layers: { layer: string; cis: CiRef[] }[]
  edges: ServiceModelEdge[]
}

export type ImpactState = 'down' | 'recoverable'

export interface ImpactEntry {
  ci: CiRef
  state: ImpactState
  failed: boolean
  path: CiRef[]
  switchTo: CiRef[]
}

export interface ImpactResult {
  failed: CiRef[]
  unknownIds: number[]
  affected: ImpactEntry[]
  businesses: ImpactEntry[]
}

export type MatrixLetter = 'X' | 'M' | 'A'

export interface FailureMatrix {
  businesses: CiRef[]
  components: CiRef[]
  cells: { businessId: number; componentId: number; cell: MatrixLetter }[]
}

export interface TypicalFault {
  cis: CiRef[]
  size: number
  result: ImpactState
}

export type Gate = 'basicevent' | 'or' | 'and' | 'atleast'

export interface FaultTreeNode {
  index: number
  gate: Gate | string
  ci: CiRef | null
  label: string
  threshold: number
  children: number[]
  recoverableVia: CiRef[]
}

export interface FaultTree {
  business: CiRef
  root: number
  nodes: FaultTreeNode[]
}

/** OBASHI order, top to bottom; a layer the server adds later goes below these. */
export const LAYER_ORDER = ['organisation', 'business', 'application', 'data', 'integration', 'os', 'virtualization', 'hardware', 'infrastructure', 'device', 'support'] as const

export function layerRank(layer: string): number {
  const i = (LAYER_ORDER as readonly string[]).indexOf(layer)
  return i < 0 ? LAYER_ORDER.length : i
}

/** The bands of the layered view: non-empty layers in OBASHI order, CIs by type then name. */
export function layerBands(model: Pick<ServiceModel, 'layers'>): { layer: string; cis: CiRef[] }[] {
  return model.layers
    .filter((l) => l.cis.length > 0)
    .map((l, i) => ({ l, i }))
    .sort((a, b) => layerRank(a.l.layer) - layerRank(b.l.layer) || a.i - b.i)
    .map(({ l }) => ({ layer: l.layer, cis: [...l.cis].sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type < b.type ? -1 : 1)) }))
}

/** One colour per layer (node fill in the graph, band accent in the layered view). */
export const LAYER_COLORS: Record<string, string> = {
  organisation: '#6b7280',
  business: '#2563eb',
  application: '#7c3aed',
  data: '#0891b2',
  integration: '#db2777',
  os: '#65a30d',
  virtualization: '#ca8a04',
  hardware: '#ea580c',
  infrastructure: '#475569',
  device: '#0d9488',
  support: '#9ca3af',
}

export function layerColor(layer: string): string {
  return LAYER_COLORS[layer] ?? '#9ca3af'
}

/** A node's availability in the graph: unknown until monitoring or a what-if says otherwise. */
export type NodeStatus = 'unknown' | 'up' | 'failed' | 'down' | 'recoverable'

export const STATUS_COLORS: Record<NodeStatus, string> = {
  unknown: '#c0c4cc',
  up: '#67c23a',
  failed: '#1f2937',
  down: '#f56c6c',
  recoverable: '#e6a23c',
}

/**
 * What a what-if run means for every CI on the graph: failed (chosen to fail), down, recoverable
 * (down until the switch to a cold standby), up (everything else). Before a run: unknown.
 */
export function impactStatuses(ids: readonly number[], result: ImpactResult | null, failedIds: readonly number[] = []): Map<number, NodeStatus> {
  const out = new Map<number, NodeStatus>()
  if (!result) {
    for (const id of ids) out.set(id, failedIds.includes(id) ? 'failed' : 'unknown')
    return out
  }
  const failed = new Set([...result.failed.map((c) => c.id), ...failedIds])
  const state = new Map<number, ImpactState>()
  for (const e of [...result.affected, ...result.businesses]) {
    if (e.failed) failed.add(e.ci.id)
    // down wins over recoverable if both are reported
    if (state.get(e.ci.id) !== 'down') state.set(e.ci.id, e.state)
  }
  for (const id of ids) {
    out.set(id, failed.has(id) ? 'failed' : (state.get(id) ?? 'up'))
  }
  return out
}

export interface GraphNode {
  data: { id: string; label: string; ciId: number; layer: string; type: string; color: string; status: NodeStatus; statusColor: string; rank: number }
}

export interface GraphEdge {
  data: { id: string; source: string; target: string; label: string; type: string; mode: string }
  classes: string
}

/**
 * The topology graph's elements: one node per CI (coloured by layer, ringed by status, ranked by
 * layer for the layout) and one edge per relation whose ends are both on the graph; backs-up
 * (hot/cold standby) edges are dashed.
 */
export function graphElements(model: ServiceModel, relationName: (type: string) => string = (t) => t, statuses: Map<number, NodeStatus> = new Map()): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = []
  const seen = new Set<number>()
  for (const band of layerBands(model)) {
    for (const ci of band.cis) {
      if (seen.has(ci.id)) continue
      seen.add(ci.id)
      const status = statuses.get(ci.id) ?? 'unknown'
      nodes.push({
        data: {
          id: String(ci.id),
          label: ci.name,
          ciId: ci.id,
          layer: band.layer,
          type: ci.type,
          color: layerColor(band.layer),
          status,
          statusColor: STATUS_COLORS[status],
          rank: layerRank(band.layer),
        },
      })
    }
  }
  const edges: GraphEdge[] = model.edges
    .filter((e) => seen.has(e.sourceId) && seen.has(e.targetId))
    .map((e) => {
      const standby = e.type === 'backs-up' || !!e.mode
      return {
        data: { id: `e${e.id}`, source: String(e.sourceId), target: String(e.targetId), label: e.mode ? `${relationName(e.type)} (${e.mode})` : relationName(e.type), type: e.type, mode: e.mode ?? '' },
        classes: standby ? 'standby' : '',
      }
    })
  return { nodes, edges }
}

/**
 * Positions by layer: one band per layer present (top to bottom), nodes spread evenly in their band;
 * a band of more than `perLine` nodes wraps onto several lines. Returns id → {x, y}, centred on x = 0.
 */
export function layeredPositions(nodes: readonly GraphNode[], colGap = 130, rowGap = 110, perLine = 9): Map<string, { x: number; y: number }> {
  const rows = new Map<number, GraphNode[]>()
  for (const n of nodes) {
    const row = rows.get(n.data.rank) ?? []
    row.push(n)
    rows.set(n.data.rank, row)
  }
  const out = new Map<string, { x: number; y: number }>()
  const lineGap = rowGap * 0.6
  let y = 0
  for (const rank of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(rank)!
    const lines = Math.ceil(row.length / perLine)
    const width = Math.ceil(row.length / lines)
    row.forEach((n, i) => {
      const line = Math.floor(i / width)
      const inLine = Math.min(width, row.length - line * width)
      const col = i - line * width
      // odd lines are shifted half a step so that labels of lines above and below do not line up
      const shift = line % 2 ? colGap / 2 : 0
      out.set(n.data.id, { x: (col - (inLine - 1) / 2) * colGap + shift, y: y + line * lineGap })
    })
    y += (lines - 1) * lineGap + rowGap
  }
  return out
}

/** Affected business systems first as down, then recoverable; by name. */
export function sortImpact(entries: readonly ImpactEntry[]): ImpactEntry[] {
  const rank = (e: ImpactEntry) => (e.state === 'down' ? 0 : 1)
  return [...entries].sort((a, b) => rank(a) - rank(b) || a.ci.name.localeCompare(b.ci.name))
}

export interface MatrixRow {
  component: CiRef
  /** businessId → letter */
  cells: Map<number, MatrixLetter>
  hasX: boolean
}

export interface MatrixGroup {
  type: string
  rows: MatrixRow[]
}

/**
 * The failure matrix's rows grouped by component type (groups and rows in the server's order of
 * first appearance), restricted to `businessIds` when given; `onlyX` keeps the rows with an X in a
 * shown column. Rows without any letter in the shown columns are dropped when a filter is on.
 */
export function matrixGroups(matrix: FailureMatrix, options: { onlyX?: boolean; businessIds?: readonly number[] } = {}): MatrixGroup[] {
  const shown = options.businessIds?.length ? new Set(options.businessIds) : null
  const byComponent = new Map<number, Map<number, MatrixLetter>>()
  for (const c of matrix.cells) {
    if (shown && !shown.has(c.businessId)) continue
    let row = byComponent.get(c.componentId)
    if (!row) byComponent.set(c.componentId, (row = new Map()))
    row.set(c.businessId, c.cell)
  }
  const groups = new Map<string, MatrixRow[]>()
  for (const component of matrix.components) {
    const cells = byComponent.get(component.id) ?? new Map<number, MatrixLetter>()
    if (shown && cells.size === 0) continue
    const hasX = [...cells.values()].includes('X')
    if (options.onlyX && !hasX) continue
    const rows = groups.get(component.type) ?? []
    rows.push({ component, cells, hasX })
    groups.set(component.type, rows)
  }
  return [...groups].map(([type, rows]) => ({ type, rows }))
}

/** The columns shown: the chosen business systems (all when none is chosen), in the server's order. */
export function matrixColumns(matrix: FailureMatrix, businessIds: readonly number[] = []): CiRef[] {
  return businessIds.length ? matrix.businesses.filter((b) => businessIds.includes(b.id)) : matrix.businesses
}

/** The export link, with the same business filter. */
export function matrixExportUrl(businessIds: readonly number[] = []): string {
  const q = new URLSearchParams([['format', 'xlsx'], ...businessIds.map((id) => ['business', String(id)])])
  return `/api/v1/cmdb/failure-matrix?${q.toString()}`
}

export interface FaultTreeItem {
  key: string
  index: number
  gate: string
  ci: CiRef | null
  label: string
  threshold: number
  total: number
  recoverableVia: CiRef[]
  children: FaultTreeItem[]
}

/**
 * The fault tree as el-tree data. Shared sub-trees appear under every parent (each copy with its
 * own key); `maxNodes` caps the expansion of a very large tree.
 */
export function faultTreeItems(tree: FaultTree, maxNodes = 5000): FaultTreeItem[] {
  const byIndex = new Map(tree.nodes.map((n) => [n.index, n]))
  let count = 0
  const build = (index: number, path: string, depth: number): FaultTreeItem | null => {
    const node = byIndex.get(index)
    if (!node || count >= maxNodes || depth > 64) return null
    count++
    const key = path ? `${path}/${index}` : String(index)
    return {
      key,
      index,
      gate: node.gate,
      ci: node.ci,
      label: node.label,
      threshold: node.threshold,
      total: node.children.length,
      recoverableVia: node.recoverableVia ?? [],
      children: node.children.map((c) => build(c, key, depth + 1)).filter((x): x is FaultTreeItem => x !== null),
    }
  }
  const root = build(tree.root, '', 0)
  return root ? [root] : []
}

/** Typical faults: single points first, then pairs; down before recoverable; by the CIs' names. */
export function sortFaults(faults: readonly TypicalFault[]): TypicalFault[] {
  const names = (f: TypicalFault) => f.cis.map((c) => c.name).join(' ')
  return [...faults].sort((a, b) => a.size - b.size || (a.result === b.result ? 0 : a.result === 'down' ? -1 : 1) || names(a).localeCompare(names(b)))
}
