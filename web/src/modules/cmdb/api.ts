import type { AxiosProgressEvent } from 'axios'
import { ApiError, http, toQuery } from '@/api/http'
import type { Page } from '@/modules/identity/api'
import type { FailureMatrix, FaultTree, ImpactResult, ServiceModel, TypicalFault } from './analysis'

/** The kinds of attribute a CI type's schema can have. */
export const ATTRIBUTE_TYPES = ['text', 'number', 'enum', 'date', 'ip', 'ref', 'person', 'orgUnit', 'secret'] as const
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number]

/** What the server shows instead of a stored secret; sending it back keeps the stored value. */
export const SECRET_MASK = '******'

/** One attribute of a CI type, as the type's `attributeSchema` describes it. */
export interface AttributeDef {
  name: string
  labelZh: string
  labelEn: string
  /** one of ATTRIBUTE_TYPES (a string so that a kind the server adds later does not break the page) */
  type: string
  /** the allowed values of an enum */
  values?: string[]
  required?: boolean
  unique?: boolean
  /** ref: the CI type the referenced CI must have (any type when absent) */
  refType?: string | null
}

/** A CI type: its names, layer, attribute schema and how many CIs it has. */
export interface CiType {
  code: string
  nameZh: string
  nameEn: string
  layer: string
  attributeSchema: AttributeDef[]
  builtin?: boolean
  count: number
  version?: number
}

export interface SaveCiTypeRequest {
  code: string
  nameZh: string
  nameEn: string
  layer: string
  attributeSchema: AttributeDef[]
  version?: number
}

/** The relation's effect on availability (how failure travels along it). */
export const AVAILABILITIES = ['needs', 'needed-by', 'member', 'backup', 'none'] as const
export const CARDINALITIES = ['many-to-many', 'many-to-one', 'one-to-many', 'one-to-one'] as const
/** "any type" in a relation type's sourceTypes / targetTypes */
export const ANY_TYPE = '*'

export interface RelationType {
  code: string
  nameZh: string
  nameEn: string
  inverseZh: string
  inverseEn: string
  sourceTypes: string[]
  targetTypes: string[]
  cardinality: string
  acyclic: boolean
  availability: string
  builtin: boolean
  count: number
  version: number
}

export type SaveRelationTypeRequest = Omit<RelationType, 'builtin' | 'count' | 'version'> & { version?: number }

/** A configuration item; `attributes` follow its type's schema (ref/person values are CI ids). */
export interface Ci {
  id: number
  type: string
  code: string
  name: string
  attributes: Record<string, unknown>
  createdAt?: string
  updatedAt: string
  version: number
}

export interface SaveCiRequest {
  type?: string
  code: string
  name: string
  attributes: Record<string, unknown>
  version?: number
}

export interface CiQuery {
  type?: string
  query?: string
  /** attribute name → value: sent as attr.<name>=<value> */
  attributes?: Record<string, string>
  relatedTo?: number
  relation?: string
  page: number
  pageSize: number
}

export interface Relation {
  id: number
  type: string
  sourceId: number
  sourceName: string
  sourceType: string
  targetId: number
  targetName: string
  targetType: string
  attributes: { mode?: string; note?: string; [k: string]: unknown }
  createdAt: string
}

export interface CiRelations {
  outgoing: Relation[]
  incoming: Relation[]
}

export interface CreateRelationRequest {
  type: string
  sourceId: number
  targetId: number
  attributes?: Record<string, unknown>
}

export type HistoryAction = 'create' | 'update' | 'delete' | 'relation-added' | 'relation-removed'

export interface HistoryChange {
  /** 'code', 'name', 'attributes.<name>' or 'relation.<relation type>' */
  field: string
  before: unknown
  after: unknown
}

export interface HistoryEntry {
  id: number
  version: number
  at: string
  userName: string
  action: HistoryAction | string
  changes: HistoryChange[]
}

export interface ImportRowError {
  row: number
  /** 'code', 'name', an attribute name, an unknown header text, or null for the whole row */
  field: string | null
  code: string
  message: string
}

export interface ImportResult {
  dryRun: boolean
  applied: boolean
  rows: number
  created: number
  updated: number
  errors: ImportRowError[]
}

export type ExportFormat = 'csv' | 'xlsx'

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The content type to upload a file under: XLSX by its name or type, anything else as CSV. */
export function importContentType(file: { name: string; type?: string }): string {
  return /\.xlsx$/i.test(file.name) || file.type === XLSX_CONTENT_TYPE ? XLSX_CONTENT_TYPE : 'text/csv'
}

/** The link that downloads a type's CIs (also the import template). */
export function exportUrl(type: string, format: ExportFormat): string {
  return `/api/v1/cmdb/types/${encodeURIComponent(type)}/export${toQuery({ format })}`
}

function ciQuery(params: CiQuery): string {
  const q: Record<string, string | number | undefined> = {
    type: params.type,
    query: params.query,
    relatedTo: params.relatedTo,
    relation: params.relation,
    page: params.page,
    pageSize: params.pageSize,
  }
  for (const [name, value] of Object.entries(params.attributes ?? {})) {
    q[`attr.${name}`] = value
  }
  return toQuery(q)
}

const enc = encodeURIComponent

/** Typed calls of the CMDB module's API (base /api/v1; cmdb.read, cmdb.write, cmdb.model.write). */
export const cmdbApi = {
  layers: () => http.get<string[]>('/cmdb/layers').then((r) => r.data),
  types: () => http.get<CiType[]>('/cmdb/types').then((r) => r.data),
  type: (code: string) => http.get<CiType>(`/cmdb/types/${enc(code)}`).then((r) => r.data),
  createType: (body: SaveCiTypeRequest) => http.post<CiType>('/cmdb/types', body).then((r) => r.data),
  updateType: (code: string, body: SaveCiTypeRequest) => http.put<CiType>(`/cmdb/types/${enc(code)}`, body).then((r) => r.data),
  deleteType: (code: string) => http.delete(`/cmdb/types/${enc(code)}`).then(() => undefined),

  relationTypes: () => http.get<RelationType[]>('/cmdb/relation-types').then((r) => r.data),
  createRelationType: (body: SaveRelationTypeRequest) => http.post<RelationType>('/cmdb/relation-types', body).then((r) => r.data),
  updateRelationType: (code: string, body: SaveRelationTypeRequest) => http.put<RelationType>(`/cmdb/relation-types/${enc(code)}`, body).then((r) => r.data),
  deleteRelationType: (code: string) => http.delete(`/cmdb/relation-types/${enc(code)}`).then(() => undefined),

  cis: (params: CiQuery) => http.get<Page<Ci>>(`/cmdb/cis${ciQuery(params)}`).then((r) => r.data),
  ci: (id: number, asOf?: string) => http.get<Ci>(`/cmdb/cis/${id}${toQuery({ asOf })}`).then((r) => r.data),
  createCi: (body: SaveCiRequest) => http.post<Ci>('/cmdb/cis', body).then((r) => r.data),
  updateCi: (id: number, body: SaveCiRequest) => http.put<Ci>(`/cmdb/cis/${id}`, body).then((r) => r.data),
  deleteCi: (id: number) => http.delete(`/cmdb/cis/${id}`).then(() => undefined),
  relations: (id: number, asOf?: string) =>
    http.get<CiRelations>(`/cmdb/cis/${id}/relations`, { params: asOf ? { asOf } : undefined }).then((r) => r.data),
  history: (id: number, page: number, pageSize: number) => http.get<Page<HistoryEntry>>(`/cmdb/cis/${id}/history${toQuery({ page, pageSize })}`).then((r) => r.data),

  serviceModel: (businessId: number) => http.get<ServiceModel>(`/cmdb/business/${businessId}/service-model`).then((r) => r.data),
  impact: (failed: number[]) => http.post<ImpactResult>('/cmdb/impact', { failed }).then((r) => r.data),
  failureMatrix: (businessIds: number[] = []) =>
    http.get<FailureMatrix>(`/cmdb/failure-matrix${businessIds.length ? '?' + businessIds.map((id) => `business=${id}`).join('&') : ''}`).then((r) => r.data),
  typicalFaults: (businessId: number) => http.get<TypicalFault[]>(`/cmdb/business/${businessId}/typical-faults`).then((r) => r.data),
  faultTree: (businessId: number) => http.get<FaultTree>(`/cmdb/business/${businessId}/fault-tree`).then((r) => r.data),

  createRelation: (body: CreateRelationRequest) => http.post<Relation>('/cmdb/relations', body).then((r) => r.data),
  deleteRelation: (id: number) => http.delete(`/cmdb/relations/${id}`).then(() => undefined),

  /**
   * Uploads a CSV or XLSX file as the request body. A dry run, and a clean import, answer 200 with
   * the result; a real import with row errors answers 400 `import_rejected` whose body carries the
   * same result: that one resolves too (nothing was imported, the errors are in `errors`).
   */
  async importCis(type: string, file: Blob & { name: string }, dryRun: boolean, onUploadProgress?: (e: AxiosProgressEvent) => void): Promise<ImportResult> {
    try {
      const r = await http.post<ImportResult>(`/cmdb/types/${enc(type)}/import${toQuery({ dryRun: String(dryRun) })}`, file, {
        headers: { 'Content-Type': importContentType(file) },
        onUploadProgress,
        timeout: 300_000,
      })
      return r.data
    } catch (e) {
      const result = rejectedImportResult(e)
      if (result) return result
      throw e
    }
  },
}

/** The result inside a 400 `import_rejected` (the rows with errors), or null for any other error. */
export function rejectedImportResult(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError) || e.code !== 'import_rejected') return null
  const body = e.body as { result?: ImportResult } | undefined
  return body?.result ?? null
}
