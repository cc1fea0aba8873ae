import type { AxiosRequestConfig } from 'axios'
import { http, toQuery } from '@/api/http'
import type { Page } from '@/modules/identity/api'
import type { MatrixSeries } from '@/modules/dashboards/series'

/** How a ticket came in. `alert` is the platform's own (tickets opened from alert events), never chosen in the form. */
export const CHANNELS = ['phone', 'walk_in', 'wecom', 'web', 'email', 'inspection'] as const
export type Channel = (typeof CHANNELS)[number]

/** 1 全院/广泛, 2 科室, 3 个人 — and urgency 1 高, 2 中, 3 低. */
export const LEVELS = [1, 2, 3] as const

export type SlaColour = 'green' | 'yellow' | 'red' | 'black'
export const SLA_COLOURS: readonly SlaColour[] = ['green', 'yellow', 'red', 'black']

/** The list's status filter: `open` is new, open and waiting; the others one state category; `all` everything. */
export const STATUS_TABS = ['open', 'new', 'waiting', 'resolved', 'closed', 'all'] as const
export type StatusTab = (typeof STATUS_TABS)[number]

export const SORTS = ['priority', 'opened', 'opened_asc', 'due'] as const
export type TicketSort = (typeof SORTS)[number]

/** A ticket as a row of the list. */
export interface TicketListItem {
  id: number
  number: string
  type: string
  typeName: string
  typeNameEn: string
  title: string
  state: string
  stateName: string
  stateNameEn: string
  stateCategory: string
  priority: number
  businessSystemName: string | null
  assignee: string | null
  channel: string
  openedAt: string
  resolvedAt: string | null
  slaColour: SlaColour | null
  /** the nearest deadline of a running clock */
  slaDueAt: string | null
  slaBreached: boolean
  inMaintenance: boolean
}

/** An SLA clock of a ticket, as of the moment the server answered. Times are working time on the policy's calendar. */
export interface TicketClock {
  kind: 'response' | 'arrival' | 'resolution' | string
  allowedMs: number
  usedMs: number
  remainingMs: number
  deadline: string | null
  stoppedAt: string | null
  breachedAt: string | null
  paused: boolean
  outcome: 'running' | 'met' | 'met_late' | 'breached' | string
  colour: SlaColour | string
  fractionUsed: number
}

/** A workflow step the caller may take now, with what it asks for. */
export interface OfferedTransition {
  key: string
  name: string
  nameEn: string
  to: string
  /** `assignee`, `rating`, or keys of the type's own fields (`resolution`, `risk`…) that must hold a value afterwards */
  requiredFields: string[]
  commentRequired: boolean
  /** `response`, `arrival` or `resolution`: the SLA milestone the step reaches */
  milestone: string | null
}

export interface TicketCi {
  id: number
  code: string
  name: string
}

export interface Ticket {
  id: number
  number: string
  type: string
  typeName: string
  typeNameEn: string
  state: string
  stateName: string
  stateNameEn: string
  stateCategory: string
  workflowVersion: number
  title: string
  /** Markdown, as written */
  description: string
  /** the description as the server's safe HTML (line breaks kept) */
  descriptionHtml: string
  channel: string
  impact: number
  urgency: number
  systemLevel: number
  priority: number
  businessSystemId: number | null
  businessSystemName: string | null
  reporterUser: string | null
  reporterName: string
  reporterPhone: string | null
  assignee: string | null
  team: string | null
  fields: Record<string, string>
  source: string | null
  slaPolicyId: number | null
  contract: string | null
  inMaintenance: boolean
  openedAt: string
  respondedAt: string | null
  arrivedAt: string | null
  resolvedAt: string | null
  closedAt: string | null
  rating: number | null
  ratingComment: string | null
  slaColour: SlaColour | null
  slaBreached: boolean
  version: number
  cis: TicketCi[]
  collaborators: string[]
  clocks: TicketClock[]
  transitions: OfferedTransition[]
  /** the plan of the typical fault the ticket matched, whose steps are its checklist */
  faultPlanId: number | null
  faultPlanName: string | null
  checklist: ChecklistStep[]
  /** the plan's escalation levels reached so far */
  escalations: TicketEscalation[]
}

export interface ChecklistStep {
  index: number
  text: string
  doneBy: string | null
  doneAt: string | null
}

export interface TicketEscalation {
  level: number
  at: string
  notified: string[]
}

export interface TicketComment {
  id: number
  at: string
  author: string
  /** Markdown, as written */
  body: string
  /** the body as the server's safe HTML, mentions marked (`span.mention`) */
  bodyHtml: string
  /** the users the body mentions (those that exist) */
  mentions: string[]
}

/** A file on a ticket, or on one of its comments. */
export interface TicketAttachment {
  id: number
  commentId: number | null
  fileName: string
  /** the type the server recognised from the bytes */
  contentType: string
  size: number
  /** shown in the page (gallery); other files are downloaded */
  isImage: boolean
  uploadedBy: string
  uploadedAt: string
  /** the caller uploaded it, or dispatches */
  canDelete: boolean
  /** where the bytes are read */
  url: string
}

export type TimelineKind =
  | 'created'
  | 'transition'
  | 'updated'
  | 'assigned'
  | 'commented'
  | 'collaborator_added'
  | 'notified'
  | 'linked'
  | 'rated'
  | 'sla_breached'
  | 'alert_update'
  | 'attachment_added'
  | 'attachment_removed'

export interface TicketTimelineEntry {
  id: number
  at: string
  kind: TimelineKind | string
  actor: string | null
  fromState: string | null
  toState: string | null
  /** for transitions JSON text: `{transition, comment, location}`; otherwise what changed */
  detail: string | null
}

export interface PriorityCell {
  impact: number
  urgency: number
  systemLevel: number
  priority: number
}

/** A choice of a select field. */
export interface TicketFieldOption {
  value: string
  name: string
  nameEn: string
}

/** A field of a ticket type, by kind: text, textarea, number, select, datetime, boolean. */
export interface TicketFieldDef {
  key: string
  name: string
  nameEn: string
  kind: 'text' | 'textarea' | 'number' | 'select' | 'datetime' | 'boolean' | string
  options?: TicketFieldOption[] | null
  required?: boolean
}

/** A ticket type (故障, 服务请求, 变更… and those an administrator adds): its own fields, its workflow, its default impact and urgency. */
export interface TicketTypeDef {
  id: number
  key: string
  name: string
  nameEn: string
  prefix: string
  workflowId: number
  workflowKey: string
  fields: TicketFieldDef[]
  defaultImpact: number
  defaultUrgency: number
  builtIn: boolean
  active: boolean
}

export interface WorkflowState {
  key: string
  name: string
  nameEn: string
  /** new, open, waiting, resolved, closed */
  category: string
  sla: string
}

export interface WorkflowTransition {
  key: string
  name: string
  nameEn: string
  from: string[]
  to: string
  requiredFields?: string[] | null
  commentRequired?: boolean
  milestone?: string | null
}

/** One version of a workflow: its states and steps (a ticket stays on the version it was opened with). */
export interface WorkflowDefinition {
  initial: string
  states: WorkflowState[]
  transitions: WorkflowTransition[]
}

export interface TicketLocation {
  latitude: number
  longitude: number
  accuracyMeters: number | null
}

export interface CreateTicketRequest {
  type: string
  title: string
  description: string
  channel: string
  impact: number
  urgency: number
  businessSystemId: number | null
  ciIds: number[]
  reporterUser?: string | null
  reporterName?: string | null
  reporterPhone?: string | null
  assignee?: string | null
  fields: Record<string, string>
  contract?: string | null
}

export interface TransitionRequest {
  version: number
  fields?: Record<string, string>
  assignee?: string | null
  rating?: number | null
  ratingComment?: string | null
  comment?: string | null
  location?: TicketLocation | null
}

/** What a new ticket's words find: published knowledge and resolved tickets like it. */
export interface SimilarWork {
  articles: { id: number; title: string; snippet: string }[]
  tickets: { id: number; number: string; title: string; resolution: string | null; openedAt: string }[]
}

/** A chart of an alert's signal kept on its ticket: the series as query_range returns them, or why it could not be taken. */
export interface MetricSnapshot {
  eventId: number
  query: string
  start: string
  end: string
  stepSeconds: number
  takenAt: string
  result: MatrixSeries[] | null
  error: string | null
}

/** The list's query as the API takes it (empty values left out). */
export interface TicketListParams {
  status?: string
  type?: string
  priority?: string
  system?: number
  assignee?: string
  colour?: string
  q?: string
  from?: string
  to?: string
  sort?: string
  page: number
  pageSize: number
}

const base = '/service-desk'

/** The list counts up to 10,000 tickets; past that `total` is that limit and `totalIsExact` false. */
export interface TicketPage extends Page<TicketListItem> {
  totalIsExact: boolean
}

/** Typed calls of the service desk's API (servicedesk.read, .work, .dispatch). */
export const serviceDeskApi = {
  tickets: (params: TicketListParams, config: AxiosRequestConfig = {}) =>
    http.get<TicketPage>(`${base}/tickets${toQuery({ ...params })}`, config).then((r) => r.data),
  ticket: (id: number, config: AxiosRequestConfig = {}) => http.get<Ticket>(`${base}/tickets/${id}`, config).then((r) => r.data),
  create: (body: CreateTicketRequest) => http.post<Ticket>(`${base}/tickets`, body).then((r) => r.data),
  transition: (id: number, key: string, body: TransitionRequest) =>
    http.post<Ticket>(`${base}/tickets/${id}/transitions/${encodeURIComponent(key)}`, body).then((r) => r.data),
  /** Ticks a step of the ticket's plan (or un-ticks one ticked by mistake); answers the whole checklist. */
  tickStep: (id: number, index: number, done: boolean) =>
    http.post<ChecklistStep[]>(`${base}/tickets/${id}/checklist/${index}`, { done }).then((r) => r.data),
  similar: (text: string, limit = 5) => http.get<SimilarWork>(`${base}/similar${toQuery({ text, limit })}`, { background: true }).then((r) => r.data),
  /** A resolved ticket as a knowledge draft (symptom, cause, solution from the ticket); answers the new article's id. */
  knowledgeDraft: (id: number) => http.post<{ articleId: number }>(`${base}/tickets/${id}/knowledge-draft`, {}).then((r) => r.data),
  comments: (id: number) => http.get<TicketComment[]>(`${base}/tickets/${id}/comments`).then((r) => r.data),
  addComment: (id: number, body: string) => http.post<TicketComment>(`${base}/tickets/${id}/comments`, { body }).then((r) => r.data),
  metricSnapshots: (id: number) => http.get<MetricSnapshot[]>(`${base}/tickets/${id}/metric-snapshots`).then((r) => r.data),
  attachments: (id: number) => http.get<TicketAttachment[]>(`${base}/tickets/${id}/attachments`).then((r) => r.data),
  /** One file (multipart); `onProgress` hears the share sent so far. A phone on the ward's Wi-Fi may take minutes. */
  uploadAttachment: (id: number, file: File, options: { commentId?: number | null; onProgress?: (fraction: number) => void } = {}) => {
    const form = new FormData()
    form.append('file', file, file.name)
    if (options.commentId) form.append('commentId', String(options.commentId))
    return http
      .post<TicketAttachment>(`${base}/tickets/${id}/attachments`, form, {
        timeout: 600_000,
        onUploadProgress: (e) => options.onProgress?.(e.total ? e.loaded / e.total : 0),
      })
      .then((r) => r.data)
  },
  deleteAttachment: (id: number, attachmentId: number) => http.delete(`${base}/tickets/${id}/attachments/${attachmentId}`).then(() => undefined),
  /** Markdown as the ticket page will show it (descriptions, comments). */
  preview: (markdown: string) => http.post<{ html: string }>(`${base}/preview`, { markdown }, { background: true }).then((r) => r.data.html),
  timeline: (id: number) => http.get<TicketTimelineEntry[]>(`${base}/tickets/${id}/timeline`).then((r) => r.data),
  priorityMatrix: () => http.get<PriorityCell[]>(`${base}/priority-matrix`).then((r) => r.data),
  /** The ticket types with their own fields (inactive ones too: old tickets still show theirs). */
  types: () => http.get<TicketTypeDef[]>(`${base}/types`).then((r) => r.data),
  workflowVersion: (workflowId: number, version: number) =>
    http.get<WorkflowDefinition>(`${base}/workflows/${workflowId}/versions/${version}`).then((r) => r.data),
}
