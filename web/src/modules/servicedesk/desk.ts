import type { OfferedTransition, PriorityCell, StatusTab, TicketClock, TicketFieldDef, TicketListItem, TicketListParams, TicketSort, TicketTimelineEntry } from './api'
import { STATUS_TABS } from './api'
import { isDay, periodBounds } from './records'
import { attachmentDetail, formatSize } from './attachments'

// ---------------------------------------------------------------------------------------------------------------------------
// The list's filter, as the page holds it, as the address bar keeps it, and as the API takes it.

export interface TicketFilter {
  status: StatusTab
  type: string
  priorities: number[]
  system: number | null
  /** only tickets assigned to the signed-in user */
  mine: boolean
  colour: string
  text: string
  /** opened from this day on (`YYYY-MM-DD`, Asia/Shanghai), or '' */
  from: string
  /** opened up to and including this day, or '' */
  to: string
}

export const DEFAULT_FILTER: TicketFilter = { status: 'open', type: '', priorities: [], system: null, mine: false, colour: '', text: '', from: '', to: '' }

/** The API's query for this filter, page and sort; empty filters left out. */
export function listParams(filter: TicketFilter, page: number, pageSize: number, sort: TicketSort): TicketListParams {
  const params: TicketListParams = { status: filter.status, page, pageSize }
  if (filter.type) params.type = filter.type
  const priorities = [...new Set(filter.priorities.filter((p) => p >= 1 && p <= 4))].sort()
  if (priorities.length) params.priority = priorities.join(',')
  if (filter.system !== null) params.system = filter.system
  if (filter.mine) params.assignee = 'me'
  if (filter.colour) params.colour = filter.colour
  if (filter.text.trim()) params.q = filter.text.trim()
  Object.assign(params, periodBounds(filter.from, filter.to))
  if (sort !== 'priority') params.sort = sort
  return params
}

/** The filter kept in the address (so a filtered list can be bookmarked and sent): only what differs from the default. */
export function filterToQuery(filter: TicketFilter, sort: TicketSort): Record<string, string> {
  const query: Record<string, string> = {}
  if (filter.status !== DEFAULT_FILTER.status) query.status = filter.status
  if (filter.type) query.type = filter.type
  if (filter.priorities.length) query.priority = [...filter.priorities].sort().join(',')
  if (filter.system !== null) query.system = String(filter.system)
  if (filter.mine) query.assignee = 'me'
  if (filter.colour) query.colour = filter.colour
  if (filter.text.trim()) query.q = filter.text.trim()
  if (isDay(filter.from)) query.from = filter.from
  if (isDay(filter.to)) query.to = filter.to
  if (sort !== 'priority') query.sort = sort
  return query
}

/** The filter read back from the address; anything unrecognised falls back to the default. */
export function filterFromQuery(query: Record<string, unknown>): { filter: TicketFilter; sort: TicketSort } {
  const s = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '')
  const status = (STATUS_TABS as readonly string[]).includes(s('status')) ? (s('status') as StatusTab) : DEFAULT_FILTER.status
  const priorities = s('priority')
    .split(',')
    .map((p) => Number(p.replace(/^p/i, '')))
    .filter((p) => Number.isInteger(p) && p >= 1 && p <= 4)
  const system = /^\d+$/.test(s('system')) ? Number(s('system')) : null
  const colour = ['green', 'yellow', 'red', 'black'].includes(s('colour')) ? s('colour') : ''
  const sort = (['priority', 'opened', 'opened_asc', 'due'] as const).find((x) => x === s('sort')) ?? 'priority'
  return {
    filter: { status, type: s('type'), priorities, system, mine: s('assignee') === 'me', colour, text: s('q'), from: isDay(s('from')) ? s('from') : '', to: isDay(s('to')) ? s('to') : '' },
    sort,
  }
}

/** The API's sort for a table column's sort state (el-table's `sort-change`); none → most urgent first. */
export function sortForColumn(prop: string | null | undefined, order: 'ascending' | 'descending' | null | undefined): TicketSort {
  if (!order) return 'priority'
  if (prop === 'openedAt') return order === 'ascending' ? 'opened_asc' : 'opened'
  if (prop === 'slaDueAt') return 'due'
  return 'priority'
}

/** The column sort state that shows a given sort. */
export function columnForSort(sort: TicketSort): { prop: string; order: 'ascending' | 'descending' } {
  switch (sort) {
    case 'opened':
      return { prop: 'openedAt', order: 'descending' }
    case 'opened_asc':
      return { prop: 'openedAt', order: 'ascending' }
    case 'due':
      return { prop: 'slaDueAt', order: 'ascending' }
    default:
      return { prop: 'priority', order: 'ascending' }
  }
}

// ---------------------------------------------------------------------------------------------------------------------------
// SLA, as words.

/**
 * What to say about a clock: `remaining` (running, within its time), `overdue` (running past its deadline, or breached),
 * `met` / `metLate` (stopped); `ms` is the duration to put in words (remaining, or by how much it is over).
 */
export interface ClockView {
  kind: string
  colour: string
  say: 'remaining' | 'overdue' | 'met' | 'metLate'
  ms: number
  paused: boolean
  deadline: string | null
}

export function clockView(clock: TicketClock): ClockView {
  const over = Math.max(0, clock.usedMs - clock.allowedMs, -clock.remainingMs)
  let say: ClockView['say']
  let ms: number
  if (clock.outcome === 'met') {
    say = 'met'
    ms = clock.usedMs
  } else if (clock.outcome === 'met_late') {
    say = 'metLate'
    ms = over
  } else if (clock.outcome === 'breached' || clock.remainingMs <= 0) {
    say = 'overdue'
    ms = over
  } else {
    say = 'remaining'
    ms = clock.remainingMs
  }
  return { kind: clock.kind, colour: clock.colour, say, ms, paused: clock.paused, deadline: clock.deadline }
}

/** Clocks in the order the work meets them: response, arrival, resolution. */
export function orderedClocks(clocks: readonly TicketClock[]): TicketClock[] {
  const rank = (k: string) => ['response', 'arrival', 'resolution'].indexOf(k) + 1 || 9
  return [...clocks].sort((a, b) => rank(a.kind) - rank(b.kind))
}

/**
 * The list's SLA cell: the colour, and the time to the nearest deadline (wall-clock time: the list does not carry the working
 * time left) or that it is overdue. Tickets with no running clock have neither.
 */
export function listSla(
  item: Pick<TicketListItem, 'slaColour' | 'slaDueAt' | 'slaBreached'> & { stateCategory?: string },
  now: number,
): { colour: string | null; overdue: boolean; ms: number | null } {
  // A closed (or cancelled) ticket's clocks are over: its colour is its record, not a countdown.
  if (!item.slaDueAt || item.stateCategory === 'closed') {
    return { colour: item.slaColour, overdue: item.slaBreached, ms: null }
  }
  const left = Date.parse(item.slaDueAt) - now
  if (item.slaBreached || left <= 0) {
    return { colour: item.slaColour, overdue: true, ms: Math.max(0, -left) }
  }
  return { colour: item.slaColour, overdue: false, ms: left }
}

// ---------------------------------------------------------------------------------------------------------------------------
// Transitions: what each asks for.

/** What a transition's dialog asks for. */
export interface TransitionInputs {
  assignee: boolean
  rating: boolean
  /** the type's own fields it requires (resolution, risk…), in the order the transition names them */
  fields: TicketFieldDef[]
  /** `none`: the step asks for other things and only those */
  comment: 'required' | 'optional' | 'none'
  /** arrival on site: the browser's location is asked for */
  location: boolean
}

export function transitionInputs(transition: OfferedTransition, typeFields: readonly TicketFieldDef[]): TransitionInputs {
  const fields: TicketFieldDef[] = []
  for (const key of transition.requiredFields) {
    const field = typeFields.find((f) => f.key === key)
    if (field) fields.push(field)
  }
  const assignee = transition.requiredFields.includes('assignee')
  const rating = transition.requiredFields.includes('rating')
  // A step that asks for nothing (接单, 到场) may carry a note ("on my way"); one that asks for something asks for just that.
  const comment = transition.commentRequired ? 'required' : !assignee && !rating && fields.length === 0 ? 'optional' : 'none'
  return { assignee, rating, fields, comment, location: transition.milestone === 'arrival' }
}

/** The server names a missing field by its key (`resolution`) and a badly formed one by its path (`fields.risk`): one place for both. */
export function fieldError(errors: Record<string, string>, key: string): string | undefined {
  return errors[key] || errors[`fields.${key}`] || undefined
}

/** The keys a transition's errors may come under. */
export function transitionErrorKeys(inputs: TransitionInputs): string[] {
  const keys = ['comment']
  if (inputs.assignee) keys.push('assignee')
  if (inputs.rating) keys.push('rating', 'ratingComment')
  if (inputs.location) keys.push('location')
  for (const f of inputs.fields) keys.push(f.key, `fields.${f.key}`)
  return keys
}

/** The field values a transition sends: the ones it asks for, as entered. */
export function transitionFieldValues(inputs: TransitionInputs, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of inputs.fields) {
    out[f.key] = (values[f.key] ?? '').trim()
  }
  return out
}

/** The engineer's big buttons on a phone, in the order of the work; the rest go under "more". */
const PHONE_ORDER = ['accept', 'arrive', 'resolve', 'fulfil', 'complete', 'confirm']

export function phoneActions(transitions: readonly OfferedTransition[], max = 2): { main: OfferedTransition[]; more: OfferedTransition[] } {
  const rank = (t: OfferedTransition) => {
    const i = PHONE_ORDER.indexOf(t.key)
    if (i >= 0) return i
    if (t.requiredFields.includes('rating')) return PHONE_ORDER.length
    if (t.milestone) return PHONE_ORDER.length + 1
    return 100
  }
  const ranked = [...transitions].sort((a, b) => rank(a) - rank(b))
  const main = ranked.filter((t) => rank(t) < 100).slice(0, max)
  if (main.length === 0 && ranked.length) main.push(ranked[0])
  return { main, more: ranked.filter((t) => !main.includes(t)) }
}

// ---------------------------------------------------------------------------------------------------------------------------
// Priority, as the form shows it while the user fills it in.

/** The shipped matrix: impact + urgency + level, 3–4 → P1, 5 → P2, 6–7 → P3, 8–9 → P4 (as the server's default). */
export function defaultPriority(impact: number, urgency: number, level: number): number {
  const sum = impact + urgency + level
  return sum <= 4 ? 1 : sum === 5 ? 2 : sum <= 7 ? 3 : 4
}

export function priorityOf(matrix: readonly PriorityCell[], impact: number, urgency: number, level: number): number {
  return matrix.find((c) => c.impact === impact && c.urgency === urgency && c.systemLevel === level)?.priority ?? defaultPriority(impact, urgency, level)
}

/** A business system's level from its CMDB attributes (1 most critical); 3 when it has none, as the server takes it. */
export function systemLevel(attributes: Record<string, unknown> | null | undefined): number {
  const raw = attributes?.level
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN
  return Number.isInteger(n) && n >= 1 && n <= 3 ? n : 3
}

// ---------------------------------------------------------------------------------------------------------------------------
// The discussion and the timeline.

export interface TransitionDetail {
  transition: string | null
  comment: string | null
  location: { latitude: number; longitude: number; accuracyMeters: number | null } | null
}

/** A transition entry's detail (JSON text); anything unreadable is simply absent. */
/** A dispatch rule's choice on the timeline: `{"rule":…,"team":…,"assignee":…}`. */
export function dispatchedDetail(detail: string | null | undefined): { rule: string; team: string; assignee: string | null } {
  try {
    const parsed = JSON.parse(detail ?? '') as Record<string, unknown>
    const text = (v: unknown) => (typeof v === 'string' ? v : '')
    return { rule: text(parsed.rule), team: text(parsed.team), assignee: text(parsed.assignee) || null }
  } catch {
    return { rule: detail ?? '', team: '', assignee: null }
  }
}

export function transitionDetail(detail: string | null | undefined): TransitionDetail {
  const empty: TransitionDetail = { transition: null, comment: null, location: null }
  if (!detail) return empty
  try {
    const parsed = JSON.parse(detail) as Record<string, unknown>
    const loc = parsed.location as Record<string, unknown> | undefined
    const location =
      loc && typeof loc.latitude === 'number' && typeof loc.longitude === 'number'
        ? { latitude: loc.latitude, longitude: loc.longitude, accuracyMeters: typeof loc.accuracyMeters === 'number' ? loc.accuracyMeters : null }
        : null
    return {
      transition: typeof parsed.transition === 'string' ? parsed.transition : null,
      comment: typeof parsed.comment === 'string' && parsed.comment ? parsed.comment : null,
      location,
    }
  } catch {
    return empty
  }
}

/** Coordinates as people read them: `30.27412, 120.15515 (±12 m)`; the unit word comes from the caller. */
export function coordinatesText(location: { latitude: number; longitude: number; accuracyMeters: number | null }, metres: (n: number) => string): string {
  const text = `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`
  return location.accuracyMeters === null ? text : `${text} (±${metres(Math.round(location.accuracyMeters))})`
}

// ---------------------------------------------------------------------------------------------------------------------------
// The engineer's location on arrival.

export type PositionResult =
  | { ok: true; location: { latitude: number; longitude: number; accuracyMeters: number | null } }
  | { ok: false; reason: 'unsupported' | 'denied' | 'unavailable' | 'timeout' }

/** Asks the browser where it is, once, within `timeoutMs`; never rejects (arrival is recorded without a place when refused). */
export function currentPosition(geolocation: Pick<Geolocation, 'getCurrentPosition'> | undefined | null, timeoutMs = 10_000): Promise<PositionResult> {
  if (!geolocation) return Promise.resolve({ ok: false, reason: 'unsupported' })
  return new Promise((resolve) => {
    let settled = false
    const finish = (r: PositionResult) => {
      if (!settled) {
        settled = true
        clearTimeout(guard)
        resolve(r)
      }
    }
    // Some in-app browsers never call back at all: our own timer ends the wait.
    const guard = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs + 1_000)
    try {
      geolocation.getCurrentPosition(
        (p) => finish({ ok: true, location: { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyMeters: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null } }),
        (e) => finish({ ok: false, reason: e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable' }),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
      )
    } catch {
      finish({ ok: false, reason: 'unavailable' })
    }
  })
}

// ---------------------------------------------------------------------------------------------------------------------------
// The timeline, readable: "张伟 接单（新建 → 处理中）".

export interface TimelineWords {
  t: (key: string, params: Record<string, unknown>) => string
  person: (userName: string) => string
  state: (key: string) => string
  transition: (key: string) => string
  clockKind: (kind: string) => string
}

export interface TimelineLine {
  text: string
  /** a comment given with a step, or the comment's text */
  note: string | null
  /** where the engineer was on arrival */
  location: TransitionDetail['location']
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info'
}

export function timelineLine(entry: Pick<TicketTimelineEntry, 'kind' | 'actor' | 'fromState' | 'toState' | 'detail'>, w: TimelineWords): TimelineLine {
  const actor = entry.actor ? w.person(entry.actor) : w.t('serviceDesk.timeline.system', {})
  const line = (key: string, params: Record<string, unknown> = {}, tone: TimelineLine['tone'] = 'info', note: string | null = null): TimelineLine => ({
    text: w.t(`serviceDesk.timeline.${key}`, { actor, ...params }),
    note,
    location: null,
    tone,
  })
  const detail = entry.detail ?? ''
  switch (entry.kind) {
    case 'created':
      return line('created', {}, 'primary')
    case 'transition': {
      const d = transitionDetail(entry.detail)
      const action = d.transition ? w.transition(d.transition) : ''
      const from = entry.fromState ? w.state(entry.fromState) : ''
      const to = entry.toState ? w.state(entry.toState) : ''
      const result = from && to ? line('transition', { action, from, to }, 'success', d.comment) : line('transitionNoStates', { action }, 'success', d.comment)
      return { ...result, location: d.location }
    }
    case 'assigned':
      return detail ? line('assigned', { who: w.person(detail) }, 'primary') : line('unassigned')
    case 'commented':
      return line('commented', {}, 'info', detail || null)
    case 'collaborator_added': {
      const [who, ...reason] = detail.split(': ')
      return line('collaboratorAdded', { who: w.person(who) }, 'info', reason.join(': ') || null)
    }
    case 'notified':
      return line('notified', { who: detail.split(', ').filter(Boolean).map(w.person).join(', ') })
    case 'linked':
      return line('linked', { number: detail }, 'primary')
    case 'rated': {
      const [stars, ...comment] = detail.split(': ')
      return line('rated', { stars }, 'success', comment.join(': ') || null)
    }
    case 'sla_breached':
      return line('slaBreached', { what: w.clockKind(detail.split(':')[0]) }, 'danger')
    case 'alert_update':
      return line('alertUpdate', { what: detail }, 'warning')
    case 'updated':
      return line('updated', {}, 'info', detail || null)
    case 'attachment_added':
    case 'attachment_removed': {
      const file = attachmentDetail(entry.detail)
      const size = file.size === null ? '' : formatSize(file.size)
      if (entry.kind === 'attachment_added') return line(size ? 'attachmentAdded' : 'attachmentAddedNoSize', { name: file.name, size }, 'primary')
      // someone removing another's file says whose it was
      return file.by && file.by !== entry.actor ? line('attachmentRemovedOf', { name: file.name, who: w.person(file.by) }, 'warning') : line('attachmentRemoved', { name: file.name }, 'warning')
    }
    case 'knowledge_drafted':
      return line('knowledgeDrafted', {}, 'primary', null)
    case 'plan_matched':
      return line('planMatched', { plan: detail }, 'primary')
    case 'dispatched': {
      const d = dispatchedDetail(entry.detail)
      return d.assignee ? line('dispatchedTo', { rule: d.rule, team: d.team, who: w.person(d.assignee) }, 'primary') : line('dispatched', { rule: d.rule, team: d.team }, 'primary')
    }
    case 'step_done': {
      // `done:2` / `undone:2`: the step's number, from 1
      const [what, n] = detail.split(':')
      return line(what === 'undone' ? 'stepUndone' : 'stepDone', { n }, what === 'undone' ? 'info' : 'success')
    }
    case 'escalated': {
      // `2:wang.jun,xu.jing:note`
      const [level, users = '', ...note] = detail.split(':')
      return line('escalated', { level, who: users.split(',').filter(Boolean).map(w.person).join(', ') }, 'warning', note.join(':') || null)
    }
    default:
      return line('other', { what: detail || entry.kind })
  }
}
