import { describe, expect, it, vi } from 'vitest'
import { formatDuration } from '@/shared/format'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import type { OfferedTransition, TicketClock, TicketFieldDef } from './api'
import {
  DEFAULT_FILTER,
  clockView,
  columnForSort,
  currentPosition,
  fieldError,
  filterFromQuery,
  filterToQuery,
  listParams,
  listSla,
  orderedClocks,
  phoneActions,
  priorityOf,
  sortForColumn,
  systemLevel,
  timelineLine,
  transitionDetail,
  transitionErrorKeys,
  transitionFieldValues,
  transitionInputs,
  type TimelineWords,
} from './desk'

const HOUR = 3_600_000
const MINUTE = 60_000

function clock(over: Partial<TicketClock> = {}): TicketClock {
  return {
    kind: 'resolution',
    allowedMs: 4 * HOUR,
    usedMs: HOUR,
    remainingMs: 3 * HOUR,
    deadline: '2026-11-22T05:30:00Z',
    stoppedAt: null,
    breachedAt: null,
    paused: false,
    outcome: 'running',
    colour: 'green',
    fractionUsed: 0.25,
    ...over,
  }
}

function transition(over: Partial<OfferedTransition>): OfferedTransition {
  return { key: 'x', name: 'X', nameEn: 'X', to: 'y', requiredFields: [], commentRequired: false, milestone: null, ...over }
}

const field = (key: string, kind: string, options?: string[]): TicketFieldDef => ({
  key,
  name: key,
  nameEn: key,
  kind,
  options: options?.map((value) => ({ value, name: value, nameEn: value })),
})
// the seeded 故障 and 变更 types' own fields
const incidentFields = [field('resolution', 'textarea'), field('rootCause', 'textarea'), field('onSiteRequired', 'boolean')]
const changeFields = [
  field('risk', 'select', ['low', 'medium', 'high']),
  field('plannedStart', 'datetime'),
  field('plannedEnd', 'datetime'),
  field('implementationPlan', 'textarea'),
  field('rollbackPlan', 'textarea'),
  field('resolution', 'textarea'),
]

describe('the list query', () => {
  it('sends only what is set, and the default sort not at all', () => {
    expect(listParams(DEFAULT_FILTER, 1, 20, 'priority')).toEqual({ status: 'open', page: 1, pageSize: 20 })
  })

  it('sends every filter in the API form: priorities joined, "assigned to me", trimmed text, the period as Shanghai days', () => {
    const filter = { status: 'all' as const, type: 'incident', priorities: [2, 1, 2, 9], system: 42, mine: true, colour: 'red', text: '  HIS  ', from: '2026-11-01', to: '2026-11-30' }
    const params = listParams(filter, 3, 50, 'due')
    expect(params).toEqual({
      status: 'all', type: 'incident', priority: '1,2', system: 42, assignee: 'me', colour: 'red', q: 'HIS',
      from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', sort: 'due', page: 3, pageSize: 50,
    })
  })

  it('keeps the filter in the address and reads it back; nonsense falls back to the default', () => {
    const filter = { ...DEFAULT_FILTER, status: 'resolved' as const, priorities: [1], system: 7, mine: true, text: 'INC-1', from: '2026-11-01', to: '2026-11-07' }
    const query = filterToQuery(filter, 'opened')
    expect(query).toEqual({ status: 'resolved', priority: '1', system: '7', assignee: 'me', q: 'INC-1', from: '2026-11-01', to: '2026-11-07', sort: 'opened' })
    expect(filterFromQuery(query)).toEqual({ filter, sort: 'opened' })
    expect(filterFromQuery({ status: 'bogus', priority: 'P2,x,7', system: 'abc', colour: 'purple', sort: 'random', from: '2026-13-45', to: 'soon' })).toEqual({
      filter: { ...DEFAULT_FILTER, priorities: [2] },
      sort: 'priority',
    })
  })

  it('maps the table columns to the API sorts and back', () => {
    expect(sortForColumn('openedAt', 'descending')).toBe('opened')
    expect(sortForColumn('openedAt', 'ascending')).toBe('opened_asc')
    expect(sortForColumn('slaDueAt', 'ascending')).toBe('due')
    expect(sortForColumn('priority', 'ascending')).toBe('priority')
    expect(sortForColumn('openedAt', null)).toBe('priority')
    for (const sort of ['priority', 'opened', 'opened_asc', 'due'] as const) {
      const c = columnForSort(sort)
      expect(sortForColumn(c.prop, c.order)).toBe(sort)
    }
  })
})

describe('SLA in words', () => {
  const zh = (ms: number) => formatDuration(ms, zhCN.duration)
  const en = (ms: number) => formatDuration(ms, enUS.duration)

  it('says what is left of a running clock: 2小时15分 / 2 h 15 min', () => {
    const v = clockView(clock({ remainingMs: 2 * HOUR + 15 * MINUTE }))
    expect(v.say).toBe('remaining')
    expect(zh(v.ms)).toBe('2小时15分')
    expect(en(v.ms)).toBe('2 h 15 min')
  })

  it('says by how much a breached clock is over', () => {
    const v = clockView(clock({ outcome: 'breached', usedMs: 4 * HOUR + 35 * MINUTE, remainingMs: -35 * MINUTE, colour: 'black' }))
    expect(v.say).toBe('overdue')
    expect(zh(v.ms)).toBe('35分')
  })

  it('tells a clock met on time from one met late, and keeps the paused flag', () => {
    expect(clockView(clock({ outcome: 'met', usedMs: 20 * MINUTE, remainingMs: 0 }))).toMatchObject({ say: 'met', ms: 20 * MINUTE })
    expect(clockView(clock({ outcome: 'met_late', allowedMs: HOUR, usedMs: HOUR + 10 * MINUTE, remainingMs: 0 }))).toMatchObject({ say: 'metLate', ms: 10 * MINUTE })
    expect(clockView(clock({ paused: true })).paused).toBe(true)
  })

  it('orders clocks as the work meets them', () => {
    const kinds = orderedClocks([clock({ kind: 'resolution' }), clock({ kind: 'response' }), clock({ kind: 'arrival' })]).map((c) => c.kind)
    expect(kinds).toEqual(['response', 'arrival', 'resolution'])
  })

  it('gives the list the time to the nearest deadline, or that it is overdue', () => {
    const now = Date.parse('2026-11-22T01:30:00Z')
    expect(listSla({ slaColour: 'green', slaDueAt: '2026-11-22T03:45:00Z', slaBreached: false }, now)).toEqual({ colour: 'green', overdue: false, ms: 2 * HOUR + 15 * MINUTE })
    expect(listSla({ slaColour: 'black', slaDueAt: '2026-11-22T01:00:00Z', slaBreached: true }, now)).toEqual({ colour: 'black', overdue: true, ms: 30 * MINUTE })
    expect(listSla({ slaColour: null, slaDueAt: null, slaBreached: false }, now)).toEqual({ colour: null, overdue: false, ms: null })
    // a cancelled ticket whose last deadline is still ahead shows no countdown
    expect(listSla({ slaColour: 'green', slaDueAt: '2026-11-22T03:45:00Z', slaBreached: false, stateCategory: 'closed' }, now)).toEqual({ colour: 'green', overdue: false, ms: null })
  })
})

describe('what a transition asks for', () => {
  it('派单 asks for the assignee; 确认并评价 for the stars; 解决 for the resolution', () => {
    expect(transitionInputs(transition({ key: 'assign', requiredFields: ['assignee'] }), incidentFields)).toMatchObject({ assignee: true, rating: false, fields: [], comment: 'none' })
    expect(transitionInputs(transition({ key: 'confirm', requiredFields: ['rating'] }), incidentFields)).toMatchObject({ rating: true, fields: [], comment: 'none' })
    const resolve = transitionInputs(transition({ key: 'resolve', requiredFields: ['resolution'], milestone: 'resolution' }), incidentFields)
    expect(resolve.fields.map((f) => [f.key, f.kind])).toEqual([['resolution', 'textarea']])
    expect(resolve.location).toBe(false)
    expect(resolve.comment).toBe('none')
  })

  it('到场 asks the browser for the location; 挂起 needs a comment', () => {
    expect(transitionInputs(transition({ key: 'arrive', milestone: 'arrival' }), incidentFields)).toMatchObject({ location: true, fields: [], comment: 'optional' })
    expect(transitionInputs(transition({ key: 'hold', commentRequired: true }), incidentFields).comment).toBe('required')
    expect(transitionInputs(transition({ key: 'accept', milestone: 'response' }), incidentFields).comment).toBe('optional')
    // a step that asks for something and a comment asks for both
    expect(transitionInputs(transition({ key: 'reject', requiredFields: ['resolution'], commentRequired: true }), incidentFields)).toMatchObject({ comment: 'required' })
  })

  it('a change submitted at high risk asks for its own fields, in the order the step names them', () => {
    const inputs = transitionInputs(transition({ key: 'submit_high_risk', requiredFields: ['risk', 'plannedStart', 'plannedEnd', 'rollbackPlan'] }), changeFields)
    expect(inputs.fields.map((f) => f.kind)).toEqual(['select', 'datetime', 'datetime', 'textarea'])
    expect(transitionErrorKeys(inputs)).toEqual(expect.arrayContaining(['comment', 'risk', 'fields.risk', 'rollbackPlan']))
    expect(transitionFieldValues(inputs, { risk: 'high', plannedStart: ' 2026-11-23T10:00:00+08:00 ', other: 'x' })).toEqual({
      risk: 'high',
      plannedStart: '2026-11-23T10:00:00+08:00',
      plannedEnd: '',
      rollbackPlan: '',
    })
  })

  it('finds a field message whether the server named the field or its path', () => {
    expect(fieldError({ resolution: '必填项' }, 'resolution')).toBe('必填项')
    expect(fieldError({ 'fields.risk': '取值无效' }, 'risk')).toBe('取值无效')
    expect(fieldError({}, 'risk')).toBeUndefined()
  })

  it('puts the work in order on the phone bar: 接单, 到场, 解决, 确认并评价; the rest under more', () => {
    const assign = transition({ key: 'assign', requiredFields: ['assignee'] })
    const accept = transition({ key: 'accept', milestone: 'response' })
    const hold = transition({ key: 'hold', commentRequired: true })
    const cancel = transition({ key: 'cancel', commentRequired: true })
    const first = phoneActions([assign, cancel, accept])
    expect(first.main.map((x) => x.key)).toEqual(['accept'])
    expect(first.more.map((x) => x.key)).toEqual(['assign', 'cancel'])
    const onSite = phoneActions([hold, transition({ key: 'resolve', milestone: 'resolution' }), assign])
    expect(onSite.main.map((x) => x.key)).toEqual(['resolve'])
    expect(phoneActions([transition({ key: 'reopen' }), transition({ key: 'confirm', requiredFields: ['rating'] })]).main.map((x) => x.key)).toEqual(['confirm'])
    // a workflow without any of these still gets one big button
    expect(phoneActions([transition({ key: 'review' })]).main.map((x) => x.key)).toEqual(['review'])
  })
})

describe('priority while the form is filled in', () => {
  it('reads the matrix, and falls back to the shipped rule where a cell is missing', () => {
    const matrix = [{ impact: 1, urgency: 1, systemLevel: 1, priority: 2 }]
    expect(priorityOf(matrix, 1, 1, 1)).toBe(2)
    expect(priorityOf([], 1, 1, 1)).toBe(1)
    expect(priorityOf([], 2, 2, 1)).toBe(2)
    expect(priorityOf([], 2, 2, 3)).toBe(3)
    expect(priorityOf([], 3, 3, 3)).toBe(4)
  })

  it("takes a business system's level from the CMDB attribute, 3 when unknown", () => {
    expect(systemLevel({ level: '1' })).toBe(1)
    expect(systemLevel({ level: 2 })).toBe(2)
    expect(systemLevel({ level: 'high' })).toBe(3)
    expect(systemLevel({})).toBe(3)
    expect(systemLevel(null)).toBe(3)
  })
})

describe('the timeline', () => {
  it('reads a transition entry, with its location; bad JSON is no detail', () => {
    expect(transitionDetail('{"transition":"arrive","location":{"latitude":30.1,"longitude":120.2,"accuracyMeters":12}}')).toEqual({
      transition: 'arrive',
      comment: null,
      location: { latitude: 30.1, longitude: 120.2, accuracyMeters: 12 },
    })
    expect(transitionDetail('not json')).toEqual({ transition: null, comment: null, location: null })
  })

  const words: TimelineWords = {
    t: (key, p) => `${key.replace('serviceDesk.timeline.', '')}|${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',')}`,
    person: (u) => ({ 'zhang.wei': '张伟', 'huang.qiang': '黄强' })[u] ?? u,
    state: (k) => ({ new: '新建', accepted: '处理中' })[k] ?? k,
    transition: (k) => ({ accept: '接单' })[k] ?? k,
    clockKind: (k) => ({ resolution: '解决' })[k] ?? k,
  }

  it('reads "张伟 接单 (新建 → 处理中)" with the comment and location given', () => {
    const line = timelineLine({ kind: 'transition', actor: 'zhang.wei', fromState: 'new', toState: 'accepted', detail: '{"transition":"accept","comment":"马上到"}' }, words)
    expect(line.text).toBe('transition|actor=张伟,action=接单,from=新建,to=处理中')
    expect(line.note).toBe('马上到')
  })

  it('names the people of assignments, notices and ratings; the system when nobody acted', () => {
    expect(timelineLine({ kind: 'assigned', actor: 'zhang.wei', fromState: null, toState: null, detail: 'huang.qiang' }, words).text).toBe('assigned|actor=张伟,who=黄强')
    expect(timelineLine({ kind: 'notified', actor: 'zhang.wei', fromState: null, toState: null, detail: 'huang.qiang, zhang.wei' }, words).text).toBe('notified|actor=张伟,who=黄强, 张伟')
    const rated = timelineLine({ kind: 'rated', actor: 'zhang.wei', fromState: null, toState: null, detail: '5: 很及时' }, words)
    expect([rated.text, rated.note]).toEqual(['rated|actor=张伟,stars=5', '很及时'])
    expect(timelineLine({ kind: 'sla_breached', actor: null, fromState: null, toState: null, detail: 'resolution:huang.qiang' }, words).text).toBe(
      'slaBreached|actor=system|,what=解决',
    )
  })
})

describe('the timeline of a ticket that follows a plan', () => {
  const words: TimelineWords = {
    t: (key, p) => `${key.replace('serviceDesk.timeline.', '')}|${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',')}`,
    person: (u) => ({ 'wang.jun': '王军', 'huang.qiang': '黄强' })[u] ?? u,
    state: (k) => k,
    transition: (k) => k,
    clockKind: (k) => k,
  }
  const entry = (kind: string, actor: string | null, detail: string) => ({ kind, actor, fromState: null, toState: null, detail })

  it('names the plan matched, the steps ticked and un-ticked, and who each escalation level told', () => {
    expect(timelineLine(entry('plan_matched', 'huang.qiang', 'HIS 登录失败处置预案'), words).text).toBe('planMatched|actor=黄强,plan=HIS 登录失败处置预案')
    expect(timelineLine(entry('dispatched', 'wang.jun', '{"rule":"打印机报修","team":"基础设施组","assignee":"huang.qiang"}'), words).text).toBe(
      'dispatchedTo|actor=王军,rule=打印机报修,team=基础设施组,who=黄强',
    )
    expect(timelineLine(entry('dispatched', 'wang.jun', '{"rule":"HIS 数据库","team":"数据库组"}'), words).text).toBe('dispatched|actor=王军,rule=HIS 数据库,team=数据库组')
    expect(timelineLine(entry('step_done', 'huang.qiang', 'done:2'), words).text).toBe('stepDone|actor=黄强,n=2')
    expect(timelineLine(entry('knowledge_drafted', 'huang.qiang', '12'), words).text).toBe('knowledgeDrafted|actor=黄强')
    expect(timelineLine(entry('step_done', 'huang.qiang', 'undone:2'), words).text).toBe('stepUndone|actor=黄强,n=2')
    const escalated = timelineLine(entry('escalated', 'service-desk', '2:wang.jun,huang.qiang:请主任协调'), words)
    expect([escalated.text, escalated.note, escalated.tone]).toEqual(['escalated|actor=service-desk,level=2,who=王军, 黄强', '请主任协调', 'warning'])
  })
})

describe('the timeline of a ticket’s files', () => {
  const words: TimelineWords = {
    t: (key, p) => `${key.replace('serviceDesk.timeline.', '')}|${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',')}`,
    person: (u) => ({ 'wang.jun': '王军', 'huang.qiang': '黄强' })[u] ?? u,
    state: (k) => k,
    transition: (k) => k,
    clockKind: (k) => k,
  }
  const entry = (kind: string, actor: string, detail: string) => ({ kind, actor, fromState: null, toState: null, detail })

  it('says who added which file and how large it is', () => {
    const added = timelineLine(entry('attachment_added', 'huang.qiang', '{"id":4,"name":"机房照片.png","size":2097152,"image":true,"by":"huang.qiang","comment":null}'), words)
    expect([added.text, added.tone]).toEqual(['attachmentAdded|actor=黄强,name=机房照片.png,size=2.0 MB', 'primary'])
    expect(timelineLine(entry('attachment_added', 'huang.qiang', 'old.png'), words).text).toBe('attachmentAddedNoSize|actor=黄强,name=old.png,size=')
  })

  it('says who removed it, and whose it was when it was someone else’s', () => {
    const own = timelineLine(entry('attachment_removed', 'huang.qiang', '{"id":4,"name":"a.png","size":10,"by":"huang.qiang"}'), words)
    expect([own.text, own.tone]).toEqual(['attachmentRemoved|actor=黄强,name=a.png', 'warning'])
    expect(timelineLine(entry('attachment_removed', 'wang.jun', '{"id":4,"name":"a.png","size":10,"by":"huang.qiang"}'), words).text).toBe(
      'attachmentRemovedOf|actor=王军,name=a.png,who=黄强',
    )
  })
})

describe('the location on arrival', () => {
  it('gives the position the browser reports', async () => {
    const geo = {
      getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 30.27, longitude: 120.15, accuracy: 15 } } as GeolocationPosition),
    }
    expect(await currentPosition(geo)).toEqual({ ok: true, location: { latitude: 30.27, longitude: 120.15, accuracyMeters: 15 } })
  })

  it('says why there is none: refused, unavailable, no answer at all, no geolocation', async () => {
    const failing = (code: number) => ({
      getCurrentPosition: (_ok: PositionCallback, fail?: PositionErrorCallback | null) => fail?.({ code } as GeolocationPositionError),
    })
    expect(await currentPosition(failing(1))).toEqual({ ok: false, reason: 'denied' })
    expect(await currentPosition(failing(2))).toEqual({ ok: false, reason: 'unavailable' })
    expect(await currentPosition(undefined)).toEqual({ ok: false, reason: 'unsupported' })
    vi.useFakeTimers()
    try {
      const silent = currentPosition({ getCurrentPosition: () => undefined }, 5_000)
      await vi.advanceTimersByTimeAsync(6_001)
      expect(await silent).toEqual({ ok: false, reason: 'timeout' })
    } finally {
      vi.useRealTimers()
    }
  })
})
