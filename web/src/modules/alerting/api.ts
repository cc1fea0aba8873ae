import type { AxiosRequestConfig } from 'axios'
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
  /** `threshold`: the expression is a condition; `baseline`: a metric judged against its own learned rhythm. */
  kind: 'threshold' | 'baseline' | string
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
  /** the root event this one is correlated to (its CI is down because the root's is) */
  parentEventId: number | null
  /** how many events are correlated to this one */
  childCount: number
  /** the business systems its CI serves (the list and a single event; null where not looked up) */
  businessSystems?: BusinessRef[] | null
  version: number
}

/** A business system (业务系统) by id, code and name. */
export interface BusinessRef {
  id: number
  code: string
  name: string
}

/** A CI as the event's context shows it: identity, type, the business systems it serves, attributes. */
export interface CiFacts {
  id: number
  code: string
  name: string
  type: string
  businessSystems: BusinessRef[]
  zone: string | null
  attributes: Record<string, string>
}

/** Who maintains a CI (person, team or vendor), how to reach them, and through which business system. */
export interface CiMaintainer {
  id: number
  code: string
  name: string
  type: 'person' | 'team' | 'vendor' | string
  phone: string | null
  email: string | null
  hotline: string | null
  contact: string | null
  userName: string | null
  via: BusinessRef | null
}

/** The rule an event came from. */
export interface EventRuleRef {
  id: number
  name: string
  expr: string
  runbookUrl: string | null
}

/** What to chart for an event: the rule's condition without its threshold, the threshold, the window. */
export interface EventChart {
  query: string
  threshold: number | null
  from: string
  to: string
}

/** Everything next to an event: its CI, maintainers, rule, chart, and the root it is correlated to. */
export interface EventContext {
  ci: CiFacts | null
  maintainers: CiMaintainer[]
  rule: EventRuleRef | null
  chart: EventChart | null
  root: AlertEvent | null
}

export const TIMELINE_KINDS = ['opened', 'opened_in_maintenance', 'reopened_flapping', 'acknowledged', 'resolved', 'escalated', 'correlated', 'child_attached'] as const

/** An entry of an event's timeline: what happened, who did it, and its detail (a note, the root, the escalation). */
export interface TimelineEntry {
  at: string
  kind: (typeof TIMELINE_KINDS)[number] | string
  actor: string | null
  detail: string | null
}

/** One attempt to send a message. */
export interface DeliveryAttempt {
  at: string
  outcome: 'sent' | 'retry' | 'failed' | string
  detail: string | null
  durationMs: number
}

/** A message about an event and where it stands. */
export interface Delivery {
  id: number
  kind: string
  channelId: number
  channelName: string | null
  channelType: string | null
  recipients: string[]
  title: string
  state: 'pending' | 'sent' | 'failed' | string
  attempts: number
  createdAt: string
  sentAt: string | null
  nextAttemptAt: string | null
  lastError: string | null
  history: DeliveryAttempt[]
}

/** The sound-and-light alarm: critical events firing and unacknowledged, and the latest few. */
export interface Alarm {
  count: number
  latest: { id: number; title: string; ciCode: string | null; firstSeen: string }[]
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
  /** the events correlated to this root */
  parent?: number
  /** false: without the events correlated to a root */
  attached?: boolean
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
  kind?: 'threshold' | 'baseline'
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

/** The kinds of notification channel the server can send through. */
export const CHANNEL_TYPES = ['email', 'wecom', 'dingtalk', 'feishu', 'sms-aliyun', 'sms-tencent', 'webhook'] as const
export type ChannelTypeCode = (typeof CHANNEL_TYPES)[number]

/** A channel type as the editor needs it (GET channel-types): the settings and secrets it asks for, its default rate. */
export interface ChannelTypeInfo {
  code: ChannelTypeCode | string
  nameZh: string
  nameEn: string
  requiredSettings: string[]
  secretFields: string[]
  requiredSecrets: string[]
  defaultRatePerMinute: number
}

/** A channel's settings that are not secret; which ones a channel uses depends on its type. */
export interface ChannelSettings {
  host?: string | null
  port?: number | null
  /** e-mail transport security */
  security?: 'starttls' | 'ssl' | 'none' | string | null
  username?: string | null
  from?: string | null
  to?: string[] | null
  /** PEM certificate the mail server's must chain to */
  caCertificate?: string | null
  /** robot message type */
  messageType?: 'text' | 'markdown' | string | null
  mentionMobiles?: string[] | null
  /** also carries the service desk's notices to the people they name */
  ticketNotices?: boolean | null
  /** robots and webhooks: also gather the people of each P1 ticket */
  p1Groups?: boolean | null
  url?: string | null
  /** SMS API address; the vendor's public endpoint when empty */
  endpoint?: string | null
  accessKeyId?: string | null
  secretId?: string | null
  sdkAppId?: string | null
  signName?: string | null
  templateCode?: string | null
  templateId?: string | null
  region?: string | null
  phones?: string[] | null
}

/** A notification channel as the API shows it: secrets never come back, only which are set, and a keyless address. */
export interface NotificationChannel {
  id: number
  name: string
  type: ChannelTypeCode | string
  language: 'zh-CN' | 'en-US' | string
  settings: ChannelSettings
  secretsSet: string[]
  address: string | null
  ratePerMinute: number
  enabled: boolean
  updatedAt: string
  version: number
}

/** A channel in the list, with how it fared in the last day. */
export interface ChannelSummary {
  channel: NotificationChannel
  sentLastDay: number
  failedLastDay: number
  waiting: number
}

/**
 * Create or change a channel. `secrets` holds only what the user typed: a secret left out keeps its stored value,
 * an empty one removes it.
 */
export interface SaveChannelRequest {
  name: string
  type: string
  language: string
  settings: ChannelSettings
  secrets: Record<string, string>
  ratePerMinute: number
  enabled: boolean
  version?: number
}

/** The peer's answer to a test message. */
export interface ChannelTestResult {
  sent: boolean
  detail: string
  durationMs: number
}

/** Local hours a route is active; `from` after `to` spans midnight; days are ISO weekdays (Monday = 1), null = every day. */
export interface RouteHours {
  from: string
  to: string
  days: number[] | null
}

/** Which events a route takes: every part given must match, an empty part matches all. */
export interface RouteMatch {
  severities: string[] | null
  businessIds: number[] | null
  ciTypes: string[] | null
  labels: Record<string, string> | null
  hours: RouteHours | null
}

export interface NotificationRoute {
  id: number
  name: string
  position: number
  match: RouteMatch
  channels: number[]
  /** whoever is on duty in this roster is told too */
  scheduleId: number | null
  /** who hears next when nobody acknowledges */
  escalationPolicyId: number | null
  notifyResolved: boolean
  stop: boolean
  enabled: boolean
  updatedAt: string
  version: number
}

/** Create or change a route (position null: after the last one; a roster or policy of 0 clears it). */
export interface SaveRouteRequest {
  name: string
  position: number | null
  match: RouteMatch
  channels: number[]
  scheduleId: number
  escalationPolicyId: number
  notifyResolved: boolean
  stop: boolean
  enabled: boolean
  version?: number
}

/** Someone else on duty from `from` to `to` (a swap, sick leave); wins over the rotation and the holiday roster. */
export interface OnCallOverride {
  from: string
  to: string
  user: string
  reason: string | null
}

/**
 * An on-call roster (值班表): participants (user names) take turns of rotationDays days, handing over at `handover`
 * (HH:mm, hospital time), counted from anchorDate (the first participant's first shift); on the holidays the holiday
 * participants take turns instead, one holiday each.
 */
export interface OnCallSchedule {
  id: number
  name: string
  participants: string[]
  rotationDays: number
  handover: string
  anchorDate: string
  holidayParticipants: string[]
  holidays: string[]
  overrides: OnCallOverride[]
  /** the user on duty at this moment */
  onDutyNow: string | null
  updatedAt: string
  version: number
}

export interface SaveOnCallScheduleRequest {
  name: string
  participants: string[]
  rotationDays: number
  handover: string
  anchorDate: string | null
  holidayParticipants: string[]
  holidays: string[]
  overrides: OnCallOverride[]
  version?: number
}

export type ShiftKind = 'rotation' | 'holiday' | 'override'

/** A shift of a roster for the calendar: who, from when to when, and why. */
export interface OnCallShift {
  start: string
  end: string
  user: string
  kind: ShiftKind | string
}

/** One level of escalation: afterMinutes after the first notification, if nobody acknowledged, these are told. */
export interface EscalationStep {
  afterMinutes: number
  users: string[] | null
  /** whoever is on duty in this roster */
  scheduleId: number | null
  channels: number[]
}

/** Levels in order; the last is repeated every repeatMinutes (null: not repeated) until someone acknowledges. */
export interface EscalationPolicy {
  id: number
  name: string
  steps: EscalationStep[]
  repeatMinutes: number | null
  updatedAt: string
  version: number
}

export interface SaveEscalationPolicyRequest {
  name: string
  steps: EscalationStep[]
  repeatMinutes: number | null
  version?: number
}

/** One period a maintenance window is open (the calendar). */
export interface MaintenanceOccurrence {
  windowId: number
  name: string
  start: string
  end: string
  recurring: boolean
}

export const alertingApi = {
  /** `config.background`: the page's own refresh, not the user's activity */
  events: (q: EventQuery, config?: AxiosRequestConfig) =>
    http
      .get<Page<AlertEvent>>(
        `/alerting/events${toQuery({ state: q.state, severity: q.severity, ci: q.ci, query: q.query, parent: q.parent, attached: q.attached === undefined ? undefined : String(q.attached), page: q.page, pageSize: q.pageSize })}`,
        config,
      )
      .then((r) => r.data),
  event: (id: number) => http.get<AlertEvent>(`/alerting/events/${id}`).then((r) => r.data),
  acknowledge: (ids: number[]) =>
    http.post<{ acknowledged: number; skipped: number }>('/alerting/events/acknowledge', { ids }).then((r) => r.data),
  acknowledgeOne: (id: number) => http.post<AlertEvent>(`/alerting/events/${id}/acknowledge`).then((r) => r.data),
  /** Closes an event by hand, with what was done (optional). */
  resolve: (id: number, note: string | null) => http.post<AlertEvent>(`/alerting/events/${id}/resolve`, { note }).then((r) => r.data),
  eventContext: (id: number) => http.get<EventContext>(`/alerting/events/${id}/context`).then((r) => r.data),
  timeline: (id: number) => http.get<TimelineEntry[]>(`/alerting/events/${id}/timeline`).then((r) => r.data),
  deliveries: (id: number) => http.get<Delivery[]>(`/alerting/events/${id}/deliveries`).then((r) => r.data),
  /** The alarm banner's poll: always a background request. */
  alarm: () => http.get<Alarm>('/alerting/alarm', { background: true }).then((r) => r.data),
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
  /** the periods windows are open between two instants (at most 62 days) */
  maintenanceCalendar: (from: string, to: string) =>
    http.get<MaintenanceOccurrence[]>(`/alerting/maintenance-windows/calendar${toQuery({ from, to })}`).then((r) => r.data),
  templates: () => http.get<RuleTemplate[]>('/alerting/rule-templates').then((r) => r.data),
  applyTemplate: (id: string, body: { name?: string; threshold?: number | null }) =>
    http.post<AlertRule>(`/alerting/rule-templates/${encodeURIComponent(id)}/apply`, body).then((r) => r.data),
  channelTypes: () => http.get<ChannelTypeInfo[]>('/alerting/channel-types').then((r) => r.data),
  channels: () => http.get<ChannelSummary[]>('/alerting/channels').then((r) => r.data),
  channel: (id: number) => http.get<NotificationChannel>(`/alerting/channels/${id}`).then((r) => r.data),
  createChannel: (body: SaveChannelRequest) => http.post<NotificationChannel>('/alerting/channels', body).then((r) => r.data),
  updateChannel: (id: number, body: SaveChannelRequest) => http.put<NotificationChannel>(`/alerting/channels/${id}`, body).then((r) => r.data),
  removeChannel: (id: number) => http.delete(`/alerting/channels/${id}`).then(() => undefined),
  testChannel: (id: number) => http.post<ChannelTestResult>(`/alerting/channels/${id}/test`).then((r) => r.data),
  routes: () => http.get<NotificationRoute[]>('/alerting/routes').then((r) => r.data),
  route: (id: number) => http.get<NotificationRoute>(`/alerting/routes/${id}`).then((r) => r.data),
  createRoute: (body: SaveRouteRequest) => http.post<NotificationRoute>('/alerting/routes', body).then((r) => r.data),
  updateRoute: (id: number, body: SaveRouteRequest) => http.put<NotificationRoute>(`/alerting/routes/${id}`, body).then((r) => r.data),
  removeRoute: (id: number) => http.delete(`/alerting/routes/${id}`).then(() => undefined),
  /** Every route's id in the new order (all of them, each once); answers the routes in that order. */
  reorderRoutes: (ids: number[]) => http.put<NotificationRoute[]>('/alerting/routes/order', { ids }).then((r) => r.data),
  schedules: () => http.get<OnCallSchedule[]>('/alerting/oncall-schedules').then((r) => r.data),
  schedule: (id: number) => http.get<OnCallSchedule>(`/alerting/oncall-schedules/${id}`).then((r) => r.data),
  /** a roster's shifts between two instants (at most 62 days) */
  shifts: (id: number, from: string, to: string) =>
    http.get<OnCallShift[]>(`/alerting/oncall-schedules/${id}/shifts${toQuery({ from, to })}`).then((r) => r.data),
  createSchedule: (body: SaveOnCallScheduleRequest) => http.post<OnCallSchedule>('/alerting/oncall-schedules', body).then((r) => r.data),
  updateSchedule: (id: number, body: SaveOnCallScheduleRequest) => http.put<OnCallSchedule>(`/alerting/oncall-schedules/${id}`, body).then((r) => r.data),
  removeSchedule: (id: number) => http.delete(`/alerting/oncall-schedules/${id}`).then(() => undefined),
  policies: () => http.get<EscalationPolicy[]>('/alerting/escalation-policies').then((r) => r.data),
  createPolicy: (body: SaveEscalationPolicyRequest) => http.post<EscalationPolicy>('/alerting/escalation-policies', body).then((r) => r.data),
  updatePolicy: (id: number, body: SaveEscalationPolicyRequest) => http.put<EscalationPolicy>(`/alerting/escalation-policies/${id}`, body).then((r) => r.data),
  removePolicy: (id: number) => http.delete(`/alerting/escalation-policies/${id}`).then(() => undefined),
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
