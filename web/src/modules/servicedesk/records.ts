import { http, toQuery } from '@/api/http'
import type { OfferedTransition, TicketListParams } from './api'

// ---------------------------------------------------------------------------------------------------------------------------
// Maintenance records: the list's export, bulk actions on picked tickets, and the engineers' work log.

export type BulkAction = 'assign' | 'comment' | 'transition'

export interface BulkRequest {
  ids: number[]
  action: BulkAction
  assignee?: string | null
  comment?: string | null
  transition?: string | null
  fields?: Record<string, string>
  rating?: number | null
  ratingComment?: string | null
}

/** What became of one picked ticket: done, or refused with the server's reason (a message in the user's language). */
export interface BulkOutcome {
  id: number
  number: string | null
  ok: boolean
  code: string | null
  message: string | null
  fieldErrors: Record<string, string> | null
}

export interface BulkResult {
  succeeded: number
  refused: number
  results: BulkOutcome[]
}

/** The steps one picked ticket offers the caller. */
export interface BulkOffered {
  id: number
  number: string
  transitions: OfferedTransition[]
}

export interface OnSiteVisit {
  ticketId: number
  number: string
  title: string
  businessSystemName: string | null
  arrivedAt: string
  leftAt: string | null
  ongoing: boolean
  hours: number
  /** the calendar days (Asia/Shanghai) the visit counts for */
  days: string[]
}

export interface EngineerWorkLog {
  engineer: string
  displayName: string
  personDays: number
  hours: number
  visitCount: number
  ticketsHandled: number
  responseMet: number
  responseMeasured: number
  resolutionMet: number
  resolutionMeasured: number
  days: string[]
  visits: OnSiteVisit[]
}

export interface WorkLog {
  from: string
  to: string
  personDays: number
  hours: number
  engineers: EngineerWorkLog[]
}

export interface WorkLogQuery {
  from: string
  to: string
  engineer?: string
}

/** The server takes at most this many tickets in one bulk action. */
export const BULK_MAX = 200

const base = '/service-desk'

export const recordsApi = {
  bulk: (body: BulkRequest) => http.post<BulkResult>(`${base}/tickets/bulk`, body).then((r) => r.data),
  offered: (ids: number[]) => http.post<BulkOffered[]>(`${base}/tickets/bulk/offered`, { ids }).then((r) => r.data),
  workLog: (query: WorkLogQuery) => http.get<WorkLog>(`${base}/work-log${toQuery({ ...query })}`).then((r) => r.data),
  /** Plain links: the browser downloads with the session cookie. */
  exportUrl: (params: TicketListParams) => `/api/v1${base}/tickets/export${exportQuery(params)}`,
  workLogExportUrl: (query: WorkLogQuery) => `/api/v1${base}/work-log/export${toQuery({ ...query })}`,
}

/** The export's query: the list's filters, without its page and sort (the export holds every ticket, oldest first). */
export function exportQuery(params: TicketListParams): string {
  const { page: _page, pageSize: _pageSize, sort: _sort, ...filters } = params
  return toQuery({ ...filters })
}

/** The hospital's zone: periods are its calendar days, whatever the browser's zone. */
const SHANGHAI_OFFSET = '+08:00'

/** A calendar day `YYYY-MM-DD` plus some days, as a date (no time zone involved). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d + days))
  return date.toISOString().slice(0, 10)
}

/** The instants that bound the days `from`…`to` (both included) in Asia/Shanghai, as the list API's `from` and `to` take them. */
export function periodBounds(from: string, to: string): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {}
  if (isDay(from)) out.from = `${from}T00:00:00${SHANGHAI_OFFSET}`
  if (isDay(to)) out.to = `${addDays(to, 1)}T00:00:00${SHANGHAI_OFFSET}`
  return out
}

export function isDay(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
}

/** Today in Asia/Shanghai as `YYYY-MM-DD`. */
export function shanghaiToday(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The calendar month containing `day`, or the one before it: the periods a work log is usually asked for. */
export function monthOf(day: string, monthsBack = 0): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 - monthsBack, 1))
  const last = new Date(Date.UTC(y, m - monthsBack, 0))
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) }
}

/**
 * The steps every picked ticket offers, in the order the first ticket lists them. Arrival is left out: being on site is recorded
 * ticket by ticket, with the engineer's location.
 */
export function commonTransitions(offered: readonly BulkOffered[]): OfferedTransition[] {
  if (offered.length === 0) return []
  const [first, ...rest] = offered
  return first.transitions.filter((t) => t.milestone !== 'arrival' && rest.every((o) => o.transitions.some((x) => x.key === t.key)))
}

/** The refused tickets, by number, with why; and the count done. */
export function bulkSummary(result: BulkResult, fieldLabel: (key: string) => string = (k) => k): { done: number; refused: { number: string; reason: string }[] } {
  return {
    done: result.succeeded,
    refused: result.results
      .filter((r) => !r.ok)
      .map((r) => ({
        number: r.number ?? `#${r.id}`,
        reason: [r.message ?? r.code ?? '', ...Object.keys(r.fieldErrors ?? {}).map(fieldLabel)].filter(Boolean).join(' · '),
      })),
  }
}

/** The picked ids after ticking "all on this page": the page's rows join (or, when all were picked, leave) the selection. */
export function toggleAllOnPage(selected: readonly number[], pageIds: readonly number[]): number[] {
  const all = pageIds.length > 0 && pageIds.every((id) => selected.includes(id))
  if (all) return selected.filter((id) => !pageIds.includes(id))
  return [...selected, ...pageIds.filter((id) => !selected.includes(id))]
}

/** The share of measured SLA targets that were met, in percent to one decimal; none when nothing was measured. */
export function slaShare(met: number, measured: number): number | null {
  return measured === 0 ? null : Math.round((1000 * met) / measured) / 10
}
