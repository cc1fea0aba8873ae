import { http, toQuery } from '@/api/http'
import type { Page } from '@/modules/identity/api'

/** One attribute of a CI type, as the type's `attributeSchema` describes it. */
export interface AttributeDef {
  name: string
  labelZh: string
  labelEn: string
  /** 'text', 'enum', … */
  type: string
  /** the allowed values of an enum */
  values?: string[]
  required?: boolean
}

/** A CI type: its names, layer, attribute schema and how many CIs it has. */
export interface CiType {
  code: string
  nameZh: string
  nameEn: string
  layer: string
  attributeSchema: AttributeDef[]
  count: number
}

/** A configuration item; `attributes` follow its type's schema (values are strings so far). */
export interface Ci {
  id: number
  type: string
  code: string
  name: string
  attributes: Record<string, unknown>
  updatedAt: string
  version: number
}

export interface CiQuery {
  type?: string
  query?: string
  page: number
  pageSize: number
}

/** Typed calls of the CMDB module's API (base /api/v1, permission cmdb.read). */
export const cmdbApi = {
  types: () => http.get<CiType[]>('/cmdb/types').then((r) => r.data),
  cis: (params: CiQuery) => http.get<Page<Ci>>(`/cmdb/cis${toQuery({ ...params })}`).then((r) => r.data),
}
