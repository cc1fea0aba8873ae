/**
 * The Prometheus-compatible query API the server serves under /prometheus/api/v1, called with
 * the app's session like every other call. Answers are Prometheus's own format; a failed query
 * (`{status:"error", errorType, error}`, HTTP 400/422/503) becomes a PromError carrying the
 * server's words, which the pages show as they are.
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios'
import { ApiError, http } from '@/api/http'
import type { Labels, PromData } from './series'

export const PROM_BASE = '/prometheus/api/v1'

export class PromError extends Error {
  readonly errorType: string
  readonly status: number

  constructor(message: string, errorType: string, status: number) {
    super(message)
    this.name = 'PromError'
    this.errorType = errorType
    this.status = status
  }
}

interface PromEnvelope<T> {
  status: 'success' | 'error'
  data?: T
  errorType?: string
  error?: string
  warnings?: string[]
}

export interface MetricMetadata {
  type: string
  help: string
  unit: string
}

export interface QueryAnswer {
  data: PromData
  warnings: string[]
}

/** How a query is sent: cancelled with `signal`; `background` for the page's own refresh, not the user's activity. */
export type PromRequest = Pick<AxiosRequestConfig, 'signal' | 'background'>

/** A failed call as a PromError when the body is Prometheus's error, else as it came (session, network…). */
export function toPromError(e: unknown): unknown {
  if (e instanceof ApiError) {
    const body = e.body as PromEnvelope<unknown> | undefined
    if (body && typeof body === 'object' && body.status === 'error' && typeof body.error === 'string') {
      return new PromError(body.error, body.errorType ?? 'error', e.status)
    }
  }
  return e
}

function params(entries: [string, string | number | undefined][]): URLSearchParams {
  const p = new URLSearchParams()
  for (const [k, v] of entries) if (v !== undefined && v !== '') p.append(k, String(v))
  return p
}

/** The client over an axios instance (the app's `http`; tests pass their own). */
export function createPromApi(client: AxiosInstance) {
  async function get<T>(path: string, query: URLSearchParams, request: PromRequest = {}): Promise<{ data: T; warnings: string[] }> {
    let body: PromEnvelope<T>
    try {
      const qs = query.toString()
      const r = await client.get<PromEnvelope<T>>(`${PROM_BASE}/${path}${qs ? `?${qs}` : ''}`, { ...request, baseURL: '/' })
      body = r.data
    } catch (e) {
      throw toPromError(e)
    }
    if (!body || typeof body !== 'object' || body.status !== 'success') {
      throw new PromError(body?.error ?? 'unexpected answer', body?.errorType ?? 'bad_response', 200)
    }
    return { data: body.data as T, warnings: body.warnings ?? [] }
  }

  return {
    /** An instant query at `time` (unix seconds; the server's now when left out). */
    query: (query: string, time?: number, request?: PromRequest) =>
      get<PromData>('query', params([['query', query], ['time', time]]), request).then((r): QueryAnswer => r),
    /** A range query; start, end and step in seconds (step may be fractional). */
    queryRange: (query: string, start: number, end: number, step: number, request?: PromRequest) =>
      get<PromData>('query_range', params([['query', query], ['start', start], ['end', end], ['step', step]]), request).then((r): QueryAnswer => r),
    series: (match: string[], start?: number, end?: number) =>
      get<Labels[]>('series', params([...match.map((m): [string, string] => ['match[]', m]), ['start', start], ['end', end]])).then((r) => r.data),
    labels: (match: string[] = []) => get<string[]>('labels', params(match.map((m): [string, string] => ['match[]', m]))).then((r) => r.data),
    /** Values of a label (`__name__`: the metric names), optionally only in series matching `match`. */
    labelValues: (label: string, match: string[] = []) =>
      get<string[]>(`label/${encodeURIComponent(label)}/values`, params(match.map((m): [string, string] => ['match[]', m]))).then((r) => r.data),
    metadata: (metric?: string) => get<Record<string, MetricMetadata[]>>('metadata', params([['metric', metric]])).then((r) => r.data),
  }
}

export type PromApi = ReturnType<typeof createPromApi>
export const promApi: PromApi = createPromApi(http)
