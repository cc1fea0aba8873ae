import type { AxiosRequestConfig } from 'axios'
import { http, toQuery } from '@/api/http'
import type { Page } from '@/modules/identity/api'

/** How a kind's address is written: a URL, a host name or IP, host:port, or anything (a driver's own form). */
export type AddressForm = 'url' | 'host' | 'host:port' | 'any'

/** A kind of monitoring target (GET /monitoring/kinds). */
export interface TargetKindInfo {
  code: string
  nameZh: string
  nameEn: string
  addressForm: AddressForm | string
  secretFields: string[]
  defaultIntervalMs: number
}

export type HealthState = 'up' | 'down' | 'unknown'

export interface TargetHealth {
  state: HealthState | string
  lastRunAt: string | null
  lastSuccessAt: string | null
  lastDurationMs: number | null
  lastSamples: number | null
  lastErrorCode: string | null
  /** the last error in words, in the caller's language */
  lastError: string | null
  consecutiveFailures: number
}

/** A monitoring target; secret values never come back, only the names of those that are set. */
export interface Target {
  id: number
  ciId: number | null
  ciName: string | null
  ciType: string | null
  kind: string
  name: string
  address: string
  intervalSeconds: number
  timeoutSeconds: number
  enabled: boolean
  labels: Record<string, string>
  settings: Record<string, unknown>
  secretsSet: string[]
  health: TargetHealth
  createdAt: string
  updatedAt: string
  version: number
}

/** Create, change or test a target. Secrets: a field left out keeps its value, '' clears it. */
export interface SaveTargetRequest {
  ciId: number | null
  kind: string
  name: string
  address: string
  intervalSeconds: number
  timeoutSeconds: number
  enabled: boolean
  labels: Record<string, string>
  settings: Record<string, unknown>
  secrets: Record<string, string>
  version?: number
}

export interface TargetQuery {
  kind?: string
  ciId?: number
  state?: string
  query?: string
  page: number
  pageSize: number
}

export interface TestSample {
  /** `metric{a="b"}` */
  series: string
  value: number
}

/** "Test now": what one collection would give; nothing is stored. */
export interface TestResult {
  success: boolean
  errorCode: string | null
  error: string | null
  durationMs: number
  sampleCount: number
  malformed: number
  malformedLines: string[]
  samples: TestSample[]
  detail: unknown
}

/** "Collect now": one collection, stored. */
export interface CollectResult {
  success: boolean
  errorCode: string | null
  error: string | null
  samples: number
  malformed: number
  detail: unknown
}

/** The newest value of one series of a target. */
export interface LatestSample {
  seriesId: number
  metric: string
  labels: Record<string, string>
  time: string | number
  /** null when the series went stale */
  value: number | null
  stale: boolean
}

export interface SeriesInfo {
  id: number
  metric: string
  labels: Record<string, string>
}

/** raw: [t, v]; rolled up: [t, min, max, avg, count] */
export interface RangeSeries extends SeriesInfo {
  resolution: string
  points: number[][]
}

/** One backend of a PostgreSQL target (pg_stat_activity). */
export interface Statement {
  pid: number
  user: string | null
  database: string | null
  application: string | null
  clientAddress: string | null
  state: string | null
  waitEventType: string | null
  waitEvent: string | null
  transactionStart: string | null
  queryStart: string | null
  durationSeconds: number | null
  blockedBy: number[]
  query: string | null
  /** the query was cut by the server (very long statements) */
  queryTruncated?: boolean
}

/** Who blocks whom: a blocker with the sessions waiting on it below. */
export interface BlockingNode {
  pid: number
  user: string | null
  database: string | null
  state: string | null
  durationSeconds: number | null
  query: string | null
  children: BlockingNode[]
}

export interface Statements {
  collectedAt: string
  statements: Statement[]
  blockingTree: BlockingNode[]
}

/** Which CIs a bulk add covers: a CMDB type, a business system, attribute values and text. */
export interface BulkSelector {
  type?: string
  businessId?: number
  /** attribute name → value */
  attributes?: Record<string, string>
  query?: string
}

/** The target made for each CI; `address` and `name` are patterns with {name}, {code}, {id}, {attr.X}. */
export interface BulkTemplate {
  kind: string
  address: string
  name?: string
  intervalSeconds?: number
  timeoutSeconds?: number
  labels?: Record<string, string>
  settings?: Record<string, unknown>
  secrets?: Record<string, string>
}

export interface BulkCreateRequest {
  selector: BulkSelector
  template: BulkTemplate
  dryRun: boolean
}

export interface BulkPlannedTarget {
  ciId: number
  ciName: string
  name: string
  address: string
  /** null in a dry run */
  targetId: number | null
}

export interface BulkSkippedCi {
  ciId: number
  ciName: string
  /** a stable code, e.g. missing_attribute */
  reason: string
}

export interface BulkCreateResult {
  created: BulkPlannedTarget[]
  skipped: BulkSkippedCi[]
  dryRun: boolean
}

/** Typed calls of the Monitoring module's API (base /api/v1; monitoring.read, monitoring.write). */
export const monitoringApi = {
  kinds: () => http.get<TargetKindInfo[]>('/monitoring/kinds').then((r) => r.data),
  targets: (q: TargetQuery) =>
    http
      .get<Page<Target>>(`/monitoring/targets${toQuery({ kind: q.kind, ciId: q.ciId, state: q.state, query: q.query, page: q.page, pageSize: q.pageSize })}`)
      .then((r) => r.data),
  target: (id: number) => http.get<Target>(`/monitoring/targets/${id}`).then((r) => r.data),
  create: (body: SaveTargetRequest) => http.post<Target>('/monitoring/targets', body).then((r) => r.data),
  update: (id: number, body: SaveTargetRequest) => http.put<Target>(`/monitoring/targets/${id}`, body).then((r) => r.data),
  /** Targets for every CI the selector matches, all or nothing; dryRun: only what would be created. */
  bulkCreate: (body: BulkCreateRequest) => http.post<BulkCreateResult>('/monitoring/targets/bulk', body).then((r) => r.data),
  remove: (id: number) => http.delete(`/monitoring/targets/${id}`).then(() => undefined),
  testDraft: (body: SaveTargetRequest) => http.post<TestResult>('/monitoring/targets/test', body).then((r) => r.data),
  test: (id: number) => http.post<TestResult>(`/monitoring/targets/${id}/test`).then((r) => r.data),
  collect: (id: number) => http.post<CollectResult>(`/monitoring/targets/${id}/collect`).then((r) => r.data),
  latest: (id: number) => http.get<LatestSample[]>(`/monitoring/targets/${id}/latest`).then((r) => r.data),
  /** `config.background`: the panel's own refresh, not the user's activity */
  statements: (id: number, config?: AxiosRequestConfig) => http.get<Statements>(`/monitoring/targets/${id}/statements`, config).then((r) => r.data),
  series: (match: string, limit?: number) => http.get<SeriesInfo[]>(`/monitoring/series${toQuery({ match, limit })}`).then((r) => r.data),
  range: (match: string, from: number, to: number, resolution = 'auto') =>
    http.get<RangeSeries[]>(`/monitoring/range${toQuery({ match, from, to, resolution })}`).then((r) => r.data),
}
