/**
 * A dashboard's shape as the server stores it (`definition`), and the checks that keep a
 * document read from a file or an older version usable (unknown fields dropped, missing ones
 * filled in) rather than breaking the page.
 */
import { isUnit } from './units'
import { isValidTime, type TimeRange } from './time'

export const PANEL_TYPES = ['timeseries', 'stat', 'gauge', 'table', 'bar'] as const
export type PanelType = (typeof PANEL_TYPES)[number]
export const AGGREGATIONS = ['none', 'sum', 'avg', 'max', 'min', 'count'] as const
export type Aggregation = (typeof AGGREGATIONS)[number]
export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const
export type MatchOp = (typeof MATCH_OPS)[number]
export const REFRESH_CHOICES = [0, 30, 60, 300] as const
export const EXPORT_FORMAT = 'hospitalops-dashboard/1'
/** the grid is 24 columns wide; a row is 30 px */
export const GRID_COLUMNS = 24
export const ROW_HEIGHT = 30

export interface LabelFilter {
  label: string
  op: MatchOp
  value: string
}

/** A query built with the form instead of typed: the form writes its PromQL. */
export interface QueryForm {
  metric: string
  filters: LabelFilter[]
  aggregation: Aggregation
  by: string[]
  rate: boolean
  rangeSeconds?: number
}

export interface PanelQuery {
  expr: string
  legend?: string
  form?: QueryForm
}

export interface Threshold {
  value: number
  color: string
}

export interface GridPos {
  x: number
  y: number
  w: number
  h: number
}

export interface Panel {
  id: string
  title: string
  type: PanelType
  grid: GridPos
  queries: PanelQuery[]
  unit: string
  decimals?: number
  min?: number
  max?: number
  thresholds: Threshold[]
  stacked?: boolean
}

export interface DashboardVariable {
  name: string
  /** the label shown in the variables bar */
  label: string
  kind: 'label_values'
  metric: string
  /** the Prometheus label whose values are the options (the server's field is `label` too) */
  labelName: string
  multi: boolean
  includeAll: boolean
  default?: string
}

export interface Definition {
  time: TimeRange
  refreshSeconds: number
  variables: DashboardVariable[]
  panels: Panel[]
}

export interface DashboardSummary {
  uid: string
  title: string
  description: string
  tags: string[]
  builtIn: boolean
  shared: boolean
  owner: string
  mine: boolean
  version: number
  updatedAt: string
}

/** The parts of a dashboard besides its definition that its owner edits. */
export interface DashboardMeta {
  title: string
  description: string
  tags: string[]
  shared: boolean
}

export interface Dashboard extends DashboardSummary {
  definition: Definition
}

export interface ExportDocument {
  title: string
  description: string
  tags: string[]
  definition: unknown
  format: string
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}

function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(v)))
}

export function normalizeGrid(g: unknown): GridPos {
  const o = obj(g)
  const w = clamp(num(o.w, 12), 1, GRID_COLUMNS)
  return { x: clamp(num(o.x, 0), 0, GRID_COLUMNS - w), y: clamp(num(o.y, 0), 0, 10_000), w, h: clamp(num(o.h, 8), 2, 40) }
}

export function normalizeForm(f: unknown): QueryForm | undefined {
  if (f === undefined || f === null) return undefined
  const o = obj(f)
  const aggregation = (AGGREGATIONS as readonly string[]).includes(str(o.aggregation)) ? (o.aggregation as Aggregation) : 'none'
  return {
    metric: str(o.metric),
    filters: list(o.filters).map((x) => {
      const fo = obj(x)
      return { label: str(fo.label), op: (MATCH_OPS as readonly string[]).includes(str(fo.op)) ? (fo.op as MatchOp) : '=', value: str(fo.value) }
    }),
    aggregation,
    by: list(o.by).filter((b): b is string => typeof b === 'string'),
    rate: o.rate === true,
    ...(optNum(o.rangeSeconds) !== undefined ? { rangeSeconds: optNum(o.rangeSeconds) } : {}),
  }
}

export function normalizePanel(p: unknown, index: number): Panel {
  const o = obj(p)
  const type = (PANEL_TYPES as readonly string[]).includes(str(o.type)) ? (o.type as PanelType) : 'timeseries'
  const panel: Panel = {
    id: str(o.id) || `p${index + 1}`,
    title: str(o.title),
    type,
    grid: normalizeGrid(o.grid),
    queries: list(o.queries).map((q) => {
      const qo = obj(q)
      const form = normalizeForm(qo.form)
      return { expr: str(qo.expr), ...(str(qo.legend) ? { legend: str(qo.legend) } : {}), ...(form ? { form } : {}) }
    }),
    unit: isUnit(o.unit) ? o.unit : 'none',
    thresholds: list(o.thresholds)
      .map((t) => obj(t))
      .filter((t) => typeof t.value === 'number' && Number.isFinite(t.value))
      .map((t) => ({ value: t.value as number, color: str(t.color, '#e6a23c') })),
  }
  const decimals = optNum(o.decimals)
  if (decimals !== undefined) panel.decimals = clamp(decimals, 0, 10)
  const min = optNum(o.min)
  if (min !== undefined) panel.min = min
  const max = optNum(o.max)
  if (max !== undefined) panel.max = max
  if (o.stacked === true) panel.stacked = true
  return panel
}

/**
 * A variable from the server's shape. The contract names the Prometheus label `label`; the
 * caption travels as `title`. A `label` that cannot be a Prometheus label name (`主机`) is read
 * as the caption, and the variable's name is then the label.
 */
export function normalizeVariable(v: unknown): DashboardVariable | null {
  const o = obj(v)
  const name = str(o.name)
  if (!VARIABLE_NAME.test(name)) return null
  const rawLabel = str(o.labelName) || str(o.label)
  const labelIsName = VARIABLE_NAME.test(rawLabel)
  const variable: DashboardVariable = {
    name,
    label: str(o.title) || (!labelIsName && rawLabel ? rawLabel : '') || name,
    kind: 'label_values',
    metric: str(o.metric),
    labelName: labelIsName ? rawLabel : name,
    multi: o.multi === true,
    includeAll: o.includeAll === true,
  }
  if (typeof o.default === 'string' && o.default) variable.default = o.default
  return variable
}

/** A definition anyone may have written, made whole (and its panels' ids unique). */
export function normalizeDefinition(d: unknown): Definition {
  const o = obj(d)
  const time = obj(o.time)
  const from = str(time.from, 'now-6h')
  const to = str(time.to, 'now')
  const refresh = num(o.refreshSeconds, 0)
  const panels = list(o.panels).map(normalizePanel)
  const seen = new Set<string>()
  for (const p of panels) {
    while (seen.has(p.id)) p.id = `${p.id}-2`
    seen.add(p.id)
  }
  return {
    time: isValidTime(from) && isValidTime(to) ? { from, to } : { from: 'now-6h', to: 'now' },
    refreshSeconds: (REFRESH_CHOICES as readonly number[]).includes(refresh) ? refresh : 0,
    variables: list(o.variables)
      .map(normalizeVariable)
      .filter((v): v is DashboardVariable => v !== null),
    panels,
  }
}

/** The definition as the server takes it: a variable's Prometheus label as `label`, its caption as `title`. */
export function definitionForServer(d: Definition): Record<string, unknown> {
  return {
    time: d.time,
    refreshSeconds: d.refreshSeconds,
    variables: d.variables.map((v) => ({
      name: v.name,
      title: v.label,
      kind: v.kind,
      metric: v.metric,
      label: v.labelName,
      multi: v.multi,
      includeAll: v.includeAll,
      ...(v.default ? { default: v.default } : {}),
    })),
    panels: d.panels,
  }
}

/** A file chosen for import: the export document, or an error code when it is not one. */
export function readExportDocument(text: string): { ok: true; doc: ExportDocument } | { ok: false; reason: 'json' | 'format' } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'json' }
  }
  const o = obj(parsed)
  if (o.format !== EXPORT_FORMAT || typeof o.title !== 'string' || typeof o.definition !== 'object' || o.definition === null) {
    return { ok: false, reason: 'format' }
  }
  return {
    ok: true,
    doc: { title: o.title, description: str(o.description), tags: list(o.tags).filter((x): x is string => typeof x === 'string'), definition: o.definition, format: EXPORT_FORMAT },
  }
}

/** A file name for an export: the title's letters and digits, or the uid. */
export function exportFileName(title: string, uid: string): string {
  const base = title
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${base || uid}.json`
}

/** An empty dashboard's definition. */
export function emptyDefinition(): Definition {
  return { time: { from: 'now-6h', to: 'now' }, refreshSeconds: 0, variables: [], panels: [] }
}

/** An id not yet used by a panel of the dashboard. */
export function newPanelId(panels: Panel[]): string {
  const used = new Set(panels.map((p) => p.id))
  let i = panels.length + 1
  while (used.has(`p${i}`)) i++
  return `p${i}`
}

/** Lists of dashboards: built-in ones first, then mine, then those shared by others; by title within each. */
export function sortDashboards<T extends Pick<DashboardSummary, 'builtIn' | 'mine' | 'title'>>(items: T[]): T[] {
  const rank = (d: T) => (d.builtIn ? 0 : d.mine ? 1 : 2)
  return [...items].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title, 'zh-CN'))
}

/** Whether a dashboard matches the search text (title, description or a tag; case-insensitive). */
export function matchesSearch(d: Pick<DashboardSummary, 'title' | 'description' | 'tags'>, text: string): boolean {
  const q = text.trim().toLowerCase()
  if (!q) return true
  return d.title.toLowerCase().includes(q) || (d.description ?? '').toLowerCase().includes(q) || d.tags.some((t) => t.toLowerCase().includes(q))
}
