import { http } from '@/api/http'

/** The service desk's permissions this module needs: pages are read with `read`, changed with `admin`. */
export const SERVICE_DESK_READ = 'servicedesk.read'
export const SERVICE_DESK_ADMIN = 'servicedesk.admin'

/** What a state means to lists, boards and SLA. */
export const CATEGORIES = ['new', 'open', 'waiting', 'resolved', 'closed'] as const
export type Category = (typeof CATEGORIES)[number]

/** What the resolution clock does in a state. */
export const SLA_BEHAVIOURS = ['running', 'paused', 'stopped'] as const
export type SlaBehaviour = (typeof SLA_BEHAVIOURS)[number]

export const MILESTONES = ['response', 'arrival', 'resolution'] as const
export const CONDITION_OPS = ['eq', 'ne', 'in', 'set', 'empty'] as const
export const ACTION_KINDS = ['notify', 'set_field', 'create_linked', 'open_maintenance_window'] as const
export const NOTIFY_TARGETS = ['assignee', 'reporter', 'collaborators'] as const
/** Who may take a transition besides holders of a permission. */
export const ROLE_WORDS = ['assignee', 'reporter', 'collaborator'] as const
/** The ticket's own fields a transition may require. */
export const CORE_FIELDS = ['title', 'description', 'assignee', 'team', 'rating', 'businessSystem', 'priority', 'impact', 'urgency'] as const

/** Who in the rule's team gets the ticket. */
export const ASSIGN_MODES = ['least_loaded', 'user', 'team'] as const
export type AssignMode = (typeof ASSIGN_MODES)[number]

/** 派单规则: which new tickets (empty lists take any) go to which team, and to whom in it. */
export interface DispatchRule {
  name: string
  enabled: boolean
  types: string[]
  systems: number[]
  priorities: number[]
  channels: string[]
  keywords: string[]
  /** the team's org unit code */
  team: string
  assign: AssignMode
  assignee?: string | null
}

export interface DispatchTeam {
  code: string
  name: string
  nameEn: string
  members: { userName: string; displayName: string }[]
}

export interface DispatchRules {
  rules: DispatchRule[]
  teams: DispatchTeam[]
}

export interface WorkflowState {
  key: string
  name: string
  nameEn: string
  category: Category
  sla: SlaBehaviour
  /** where the designer draws it */
  x?: number | null
  y?: number | null
}

export interface WorkflowCondition {
  field: string
  op: string
  value?: string | null
}

export interface WorkflowAction {
  kind: string
  field?: string | null
  value?: string | null
  to?: string[] | null
}

export interface WorkflowTransition {
  key: string
  name: string
  nameEn: string
  /** state keys, or `*` for any state that is not closed */
  from: string[]
  to: string
  roles?: string[] | null
  requiredFields?: string[] | null
  conditions?: WorkflowCondition[] | null
  actions?: WorkflowAction[] | null
  milestone?: string | null
  commentRequired?: boolean
}

export interface WorkflowDefinition {
  initial: string
  states: WorkflowState[]
  transitions: WorkflowTransition[]
}

export interface WorkflowSummary {
  id: number
  key: string
  name: string
  nameEn: string
  currentVersion: number
  builtIn: boolean
  usedByTypes: string[]
  openTickets: number
}

export interface WorkflowVersion {
  version: number
  createdAt: string
  createdBy: string | null
  openTickets: number
}

export interface Workflow {
  id: number
  key: string
  name: string
  nameEn: string
  currentVersion: number
  builtIn: boolean
  definition: WorkflowDefinition
  versions: WorkflowVersion[]
}

export const FIELD_KINDS = ['text', 'textarea', 'number', 'select', 'datetime', 'boolean'] as const
export type FieldKind = (typeof FIELD_KINDS)[number]

export interface TicketFieldOption {
  value: string
  name: string
  nameEn: string
}

export interface TicketField {
  key: string
  name: string
  nameEn: string
  kind: FieldKind
  options?: TicketFieldOption[] | null
  required: boolean
}

export interface TicketType {
  id: number
  key: string
  name: string
  nameEn: string
  prefix: string
  workflowId: number
  workflowKey: string
  fields: TicketField[]
  defaultImpact: number
  defaultUrgency: number
  builtIn: boolean
  active: boolean
}

export interface SaveTicketType {
  key?: string
  name: string
  nameEn: string
  prefix: string
  workflowId: number | null
  fields: TicketField[]
  defaultImpact: number
  defaultUrgency: number
  active: boolean
}

export interface PriorityCell {
  impact: number
  urgency: number
  systemLevel: number
  priority: number
}

export interface SlaPolicy {
  id: number
  name: string
  ticketType: string | null
  priority: number | null
  contract: string | null
  calendarId: number
  hoursCalendarId: number | null
  responseMinutes: number | null
  responseOutsideMinutes: number | null
  arrivalMinutes: number | null
  arrivalOutsideMinutes: number | null
  resolutionMinutes: number | null
  yellowAt: number
  redAt: number
}

export type SaveSlaPolicy = Omit<SlaPolicy, 'id' | 'calendarId'> & { calendarId: number | null }

export interface BusinessCalendarChoice {
  id: number
  name: string
  alwaysOpen: boolean
  followsHolidays: boolean
}

export interface PermissionChoice {
  name: string
  labelZh: string
  labelEn: string
}

const base = '/service-desk'

export const serviceDeskAdminApi = {
  workflows: () => http.get<WorkflowSummary[]>(`${base}/workflows`).then((r) => r.data),
  workflow: (id: number) => http.get<Workflow>(`${base}/workflows/${id}`).then((r) => r.data),
  workflowVersion: (id: number, version: number) => http.get<WorkflowDefinition>(`${base}/workflows/${id}/versions/${version}`).then((r) => r.data),
  createWorkflow: (body: { key: string; name: string; nameEn: string; definition: WorkflowDefinition }) =>
    http.post<Workflow>(`${base}/workflows`, body).then((r) => r.data),
  /** A changed definition becomes a new version; `version` is the current version read. */
  updateWorkflow: (id: number, body: { name: string; nameEn: string; definition: WorkflowDefinition; version: number }) =>
    http.put<Workflow>(`${base}/workflows/${id}`, body).then((r) => r.data),

  types: () => http.get<TicketType[]>(`${base}/types`).then((r) => r.data),
  createType: (body: SaveTicketType) => http.post<TicketType>(`${base}/types`, body).then((r) => r.data),
  updateType: (id: number, body: SaveTicketType) => http.put<TicketType>(`${base}/types/${id}`, body).then((r) => r.data),

  dispatchRules: () => http.get<DispatchRules>(`${base}/dispatch-rules`).then((r) => r.data),
  saveDispatchRules: (rules: DispatchRule[]) => http.put<DispatchRules>(`${base}/dispatch-rules`, { rules }).then((r) => r.data),
  priorityMatrix: () => http.get<PriorityCell[] | { cells: PriorityCell[] }>(`${base}/priority-matrix`).then((r) => (Array.isArray(r.data) ? r.data : r.data.cells)),
  savePriorityMatrix: (cells: PriorityCell[]) =>
    http.put<PriorityCell[] | { cells: PriorityCell[] }>(`${base}/priority-matrix`, { cells }).then((r) => (Array.isArray(r.data) ? r.data : r.data.cells)),

  slaPolicies: () => http.get<SlaPolicy[]>(`${base}/sla-policies`).then((r) => r.data),
  createSlaPolicy: (body: SaveSlaPolicy) => http.post<SlaPolicy>(`${base}/sla-policies`, body).then((r) => r.data),
  updateSlaPolicy: (id: number, body: SaveSlaPolicy) => http.put<SlaPolicy>(`${base}/sla-policies/${id}`, body).then((r) => r.data),
  removeSlaPolicy: (id: number) => http.delete(`${base}/sla-policies/${id}`).then(() => undefined),

  /** The business calendars SLA policies count on, and the holiday years not entered yet. */
  calendars: () =>
    http
      .get<{ items: BusinessCalendarChoice[]; holidayYearsMissing: number[] }>('/calendars/business', { params: { zone: 'Asia/Shanghai' } })
      .then((r) => r.data),
  /** Every permission (for the roles of a transition); needs identity.roles.read. */
  permissions: () => http.get<PermissionChoice[]>('/permissions').then((r) => r.data),
}
