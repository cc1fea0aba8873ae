import { http, toQuery } from '@/api/http'
import type { Page } from '@/modules/identity/api'

/** Severities, most urgent first (紧急/严重/重要/提示). */
export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export type EventState = 'firing' | 'acknowledged' | 'resolved'

/** Which CIs a rule watches, from the CMDB (resolved at every evaluation). */
export interface RuleScope {
  type: string | null
  businessId: number | null
  attributes: Record<string, string> | null
}

export interface AlertRule {
  id: number
  name: string
  group: string
  expr: string
  forSeconds: number
  recoverExpr: string | null
  scope: RuleScope | null
  template: string | null
  severity: Severity | string
  labels: Record<string, string>
  annotations: Record<string, string>
  runbookUrl: string | null
  intervalSeconds: number
  enabled: boolean
  lastEvaluatedAt: string | null
  lastEvaluationMs: number | null
  lastError: string | null
  updatedAt: string
  version: number
  firing: number
  pending: number
}

export interface RuleTemplate {
  id: string
  nameZh: string
  nameEn: string
  descriptionZh: string
  descriptionEn: string
  expr: string
  recoverExpr: string | null
  threshold: number | null
  unit: string | null
  forSeconds: number
  severity: Severity | string
  scope: RuleScope | null
}

/** An event (事态): an alert as it is tracked and handled. */
export interface AlertEvent {
  id: number
  fingerprint: string
  ruleId: number | null
  source: string
  title: string
  severity: Severity | string
  labels: Record<string, string>
  annotations: Record<string, string>
  ciCode: string | null
  state: EventState | string
  value: number | null
  firstSeen: string
  lastSeen: string
  fireCount: number
  acknowledgedBy: string | null
  acknowledgedAt: string | null
  resolvedAt: string | null
  inMaintenance: boolean
  maintenanceWindowId: number | null
  /** fired again and again within an hour: held as this one event */
  flapping: boolean
  version: number
}

export interface MaintenanceScope {
  ciCodes: string[] | null
  type: string | null
  businessId: number | null
  attributes: Record<string, string> | null
  labels: Record<string, string> | null
}

export interface MaintenanceWindow {
  id: number
  name: string
  reason: string | null
  scope: MaintenanceScope
  startsAt: string | null
  endsAt: string | null
  cron: string | null
  durationMinutes: number | null
  enabled: boolean
  source: string
  createdBy: string
  activeNow: boolean
  updatedAt: string
  version: number
}

export interface SaveMaintenanceWindowRequest {
  name: string
  reason: string | null
  scope: Partial<MaintenanceScope>
  startsAt: string | null
  endsAt: string | null
  cron: string | null
  durationMinutes: number | null
  enabled: boolean
  version?: number
}

export interface EventQuery {
  state?: string
  severity?: string
  ci?: string
  query?: string
  page?: number
  pageSize?: number
}

export interface RuleQuery {
  group?: string
  severity?: string
  query?: string
  page?: number
  pageSize?: number
}

/** Create or change a rule (version: the one the edit started from). */
export interface SaveRuleRequest {
  name: string
  group: string
  expr: string
  forSeconds: number
  recoverExpr: string | null
  severity: string
  labels: Record<string, string>
  annotations: Record<string, string>
  runbookUrl: string | null
  intervalSeconds: number
  enabled: boolean
  version?: number
  scope: RuleScope | null
}

export interface PreviewFiring {
  start: string
  end: string | null
  peak: number
}

export interface PreviewResult {
  from: string
  to: string
  stepSeconds: number
  firings: number
  alerts: number
  truncated: boolean
  items: { labels: Record<string, string>; firings: PreviewFiring[] }[]
}

export const alertingApi = {
  events: (q: EventQuery) =>
    http.get<Page<AlertEvent>>(`/alerting/events${toQuery({ state: q.state, severity: q.severity, ci: q.ci, query: q.query, page: q.page, pageSize: q.pageSize })}`).then((r) => r.data),
  acknowledge: (ids: number[]) =>
    http.post<{ acknowledged: number; skipped: number }>('/alerting/events/acknowledge', { ids }).then((r) => r.data),
  rules: (q: RuleQuery) =>
    http.get<Page<AlertRule>>(`/alerting/rules${toQuery({ group: q.group, severity: q.severity, query: q.query, page: q.page, pageSize: q.pageSize })}`).then((r) => r.data),
  rule: (id: number) => http.get<{ rule: AlertRule }>(`/alerting/rules/${id}`).then((r) => r.data.rule),
  createRule: (body: SaveRuleRequest) => http.post<AlertRule>('/alerting/rules', body).then((r) => r.data),
  updateRule: (id: number, body: SaveRuleRequest) => http.put<AlertRule>(`/alerting/rules/${id}`, body).then((r) => r.data),
  removeRule: (id: number) => http.delete(`/alerting/rules/${id}`).then(() => undefined),
  preview: (body: { expr: string; forSeconds: number; recoverExpr: string | null; scope: RuleScope | null; intervalSeconds: number; days: number }) =>
    http.post<PreviewResult>('/alerting/rules/preview', body).then((r) => r.data),
  windows: () => http.get<MaintenanceWindow[]>('/alerting/maintenance-windows').then((r) => r.data),
  createWindow: (body: SaveMaintenanceWindowRequest) => http.post<MaintenanceWindow>('/alerting/maintenance-windows', body).then((r) => r.data),
  removeWindow: (id: number) => http.delete(`/alerting/maintenance-windows/${id}`).then(() => undefined),
  templates: () => http.get<RuleTemplate[]>('/alerting/rule-templates').then((r) => r.data),
  applyTemplate: (id: string, body: { name?: string; threshold?: number | null }) =>
    http.post<AlertRule>(`/alerting/rule-templates/${encodeURIComponent(id)}/apply`, body).then((r) => r.data),
}

/** Element Plus tag type of a severity: critical red, major orange, minor blue-grey, info grey. */
export function severityTagType(severity: string): 'danger' | 'warning' | 'primary' | 'info' {
  switch (severity) {
    case 'critical':
      return 'danger'
    case 'major':
      return 'warning'
    case 'minor':
      return 'primary'
    default:
      return 'info'
  }
}
