import { http } from '@/api/http'
import type { Dashboard, DashboardSummary, Definition, ExportDocument } from './model'
import { definitionForServer, normalizeDefinition } from './model'

/** Create or change a dashboard (`version`: the one edited, for the 409 check). */
export interface SaveDashboardRequest {
  title: string
  description: string
  tags: string[]
  shared: boolean
  definition: Definition
  version?: number
}

function fromServer(d: Dashboard): Dashboard {
  return { ...d, tags: d.tags ?? [], description: d.description ?? '', definition: normalizeDefinition(d.definition) }
}

function body(r: SaveDashboardRequest) {
  return { ...r, definition: definitionForServer(r.definition) }
}

const enc = encodeURIComponent

/** Typed calls of the dashboards API (base /api/v1). */
export const dashboardsApi = {
  list: () => http.get<DashboardSummary[]>('/dashboards').then((r) => r.data.map((d) => ({ ...d, tags: d.tags ?? [] }))),
  get: (uid: string) => http.get<Dashboard>(`/dashboards/${enc(uid)}`).then((r) => fromServer(r.data)),
  create: (r: SaveDashboardRequest) => http.post<Dashboard>('/dashboards', body(r)).then((x) => fromServer(x.data)),
  update: (uid: string, r: SaveDashboardRequest) => http.put<Dashboard>(`/dashboards/${enc(uid)}`, body(r)).then((x) => fromServer(x.data)),
  remove: (uid: string) => http.delete(`/dashboards/${enc(uid)}`).then(() => undefined),
  /** A copy owned by me (how a built-in dashboard is customised). */
  copy: (uid: string) => http.post<Dashboard>(`/dashboards/${enc(uid)}/copy`).then((x) => fromServer(x.data)),
  export: (uid: string) => http.get<ExportDocument>(`/dashboards/${enc(uid)}/export`).then((r) => r.data),
  import: (doc: ExportDocument) => http.post<Dashboard>('/dashboards/import', doc).then((x) => fromServer(x.data)),
}
