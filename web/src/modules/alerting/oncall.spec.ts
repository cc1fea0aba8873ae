import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EscalationPolicy, OnCallSchedule } from './api'
import {
  cleanNames,
  emptyPolicyForm,
  emptyRosterForm,
  fieldMessageKey,
  matchesUser,
  move,
  newOverride,
  nextStep,
  policyFields,
  policyRequest,
  policyToForm,
  relabelErrors,
  repeatText,
  rosterFields,
  rosterRequest,
  rosterToForm,
  stepText,
  type StepNames,
  type StepWords,
} from './oncall'

const savedZone = process.env.TZ
beforeAll(() => {
  process.env.TZ = 'Europe/London'
})
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ
  else process.env.TZ = savedZone
})

function schedule(over: Partial<OnCallSchedule> = {}): OnCallSchedule {
  return {
    id: 4,
    name: '信息科值班',
    participants: ['chen.hao', 'liu.yang'],
    rotationDays: 1,
    handover: '08:00',
    anchorDate: '2026-03-02',
    holidayParticipants: ['wu.gang'],
    holidays: ['2026-05-02', '2026-05-01'],
    overrides: [{ from: '2026-03-07T12:00:00+00:00', to: '2026-03-08T00:00:00+00:00', user: 'sun.li', reason: '调班' }],
    onDutyNow: 'chen.hao',
    updatedAt: '2026-03-01T02:00:00Z',
    version: 3,
    ...over,
  }
}

describe('roster form', () => {
  it('reads a roster back with the override times in hospital time, holidays in order', () => {
    const form = rosterToForm(schedule())
    expect(form.overrides).toEqual([{ from: '2026-03-07 20:00', to: '2026-03-08 08:00', user: 'sun.li', reason: '调班' }])
    expect(form.holidays).toEqual(['2026-05-01', '2026-05-02'])
    expect(form.participants).toEqual(['chen.hao', 'liu.yang'])
  })

  it('round-trips to the same instants, written with the hospital offset', () => {
    const body = rosterRequest(rosterToForm(schedule()), 3)
    expect(body).toEqual({
      name: '信息科值班',
      participants: ['chen.hao', 'liu.yang'],
      rotationDays: 1,
      handover: '08:00',
      anchorDate: '2026-03-02',
      holidayParticipants: ['wu.gang'],
      holidays: ['2026-05-01', '2026-05-02'],
      overrides: [{ from: '2026-03-07T20:00:00+08:00', to: '2026-03-08T08:00:00+08:00', user: 'sun.li', reason: '调班' }],
      version: 3,
    })
    expect(Date.parse(body.overrides[0].from)).toBe(Date.parse(schedule().overrides[0].from))
  })

  it('keeps the participants in the order given, each once, and sends no version for a new roster', () => {
    const form = emptyRosterForm('2026-03-07')
    form.name = ' 夜班 '
    form.participants = [' liu.yang', 'chen.hao', 'liu.yang', '']
    form.handover = '8:30'
    form.holidays = ['2026-10-02', '2026-10-01', '2026-10-02']
    form.overrides = [{ from: '2026-03-09 08:30', to: '2026-03-10 08:30', user: ' wu.gang ', reason: ' ' }]
    const body = rosterRequest(form)
    expect(body.name).toBe('夜班')
    expect(body.participants).toEqual(['liu.yang', 'chen.hao'])
    expect(body.handover).toBe('08:30')
    expect(body.anchorDate).toBe('2026-03-07')
    expect(body.holidays).toEqual(['2026-10-01', '2026-10-02'])
    expect(body.overrides).toEqual([{ from: '2026-03-09T08:30:00+08:00', to: '2026-03-10T08:30:00+08:00', user: 'wu.gang', reason: null }])
    expect('version' in body).toBe(false)
  })

  it('leaves an unfinished override for the server to point at', () => {
    const form = emptyRosterForm('2026-03-07')
    form.overrides = [{ from: '', to: '', user: '', reason: '' }]
    expect(rosterRequest(form).overrides).toEqual([{ from: '', to: '', user: '', reason: null }])
  })

  it('starts a new override at the next hand-over for one shift', () => {
    expect(newOverride('2026-03-07', '8:00', '2026-03-08')).toEqual({ from: '2026-03-07 08:00', to: '2026-03-08 08:00', user: '', reason: '' })
  })

  it('moves a participant up or down, not off the list', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c'])
    expect(cleanNames([' x ', 'x', '', 'y'])).toEqual(['x', 'y'])
  })
})

describe('user choices', () => {
  it('find a user by name or user name, in any case', () => {
    const chen = { value: 'chen.hao', label: '陈浩' }
    expect(matchesUser(chen, 'CHEN')).toBe(true)
    expect(matchesUser(chen, '陈')).toBe(true)
    expect(matchesUser(chen, ' ')).toBe(true)
    expect(matchesUser(chen, 'liu')).toBe(false)
  })
})

describe('field errors', () => {
  it('knows every field the server can name, override and step rows included', () => {
    expect(rosterFields(2)).toContain('overrides[1].user')
    expect(rosterFields(2)).toContain('holidayParticipants')
    expect(rosterFields(0)).not.toContain('overrides[0].to')
    expect(policyFields(2)).toEqual(expect.arrayContaining(['steps', 'repeatMinutes', 'steps[0].afterMinutes', 'steps[1].channels', 'steps[1].scheduleId']))
  })

  it('says "no such user" where the server refuses an unknown name, and leaves other messages to the server', () => {
    expect(fieldMessageKey('participants', 'invalid_reference')).toBe('alerting.oncall.unknownUser')
    expect(fieldMessageKey('overrides[3].user', 'invalid_reference')).toBe('alerting.oncall.unknownUser')
    expect(fieldMessageKey('steps[0].users', 'invalid_reference')).toBe('alerting.oncall.unknownUser')
    expect(fieldMessageKey('overrides[0].to', 'invalid_window_end')).toBe('alerting.oncall.overrideEnd')
    expect(fieldMessageKey('steps[1].afterMinutes', 'invalid_value')).toBe('alerting.escalation.minutesOrder')
    expect(fieldMessageKey('name', 'name_taken')).toBe('alerting.oncall.nameTaken')
    expect(fieldMessageKey('name', 'too_long')).toBeNull()
  })

  it("puts the editor's words beside a field only where it shows that field", () => {
    const errors: Record<string, string> = { participants: '引用的配置项不存在或类型不符。', name: '内容过长。' }
    relabelErrors(errors, { participants: 'invalid_reference', name: 'too_long', 'overrides[0].user': 'invalid_reference' }, (k) => `<${k}>`)
    expect(errors).toEqual({ participants: '<alerting.oncall.unknownUser>', name: '内容过长。' })
    expect(fieldMessageKey('participants', 'required')).toBeNull()
  })
})

const ZH: StepWords = {
  step: ({ after, who, channels }) => `${after} → ${who} 经 ${channels}`,
  after: (n) => `${n} 分钟未确认`,
  onDuty: (name) => `值班人员（${name}）`,
  nobody: '渠道默认接收人',
  separator: '、',
  repeat: (n) => `此后每 ${n} 分钟重复最后一级`,
}
const EN: StepWords = {
  step: ({ after, who, channels }) => `${after} → ${who} via ${channels}`,
  after: (n) => `Unacknowledged for ${n} min`,
  onDuty: (name) => `on duty (${name})`,
  nobody: "the channels' recipients",
  separator: ', ',
  repeat: (n) => `then the last step again every ${n} min`,
}
const NAMES: StepNames = {
  user: (u) => ({ 'zhang.san': '张三', 'wang.jun': '王军' })[u] ?? u,
  schedule: (id) => (id === 4 ? '信息科值班' : `#${id}`),
  channel: (id) => (id === 3 ? '值班群' : id === 5 ? '短信' : `#${id}`),
}

describe('escalation in words', () => {
  it('says who is told after how long and through which channels', () => {
    expect(stepText({ afterMinutes: 10, users: ['zhang.san'], scheduleId: 4, channels: [3] }, NAMES, ZH)).toBe('10 分钟未确认 → 张三、值班人员（信息科值班） 经 值班群')
    expect(stepText({ afterMinutes: 30, users: ['wang.jun', 'li.si'], scheduleId: null, channels: [3, 5] }, NAMES, ZH)).toBe('30 分钟未确认 → 王军、li.si 经 值班群、短信')
    expect(stepText({ afterMinutes: 10, users: null, scheduleId: 4, channels: [3] }, NAMES, EN)).toBe('Unacknowledged for 10 min → on duty (信息科值班) via 值班群')
    expect(stepText({ afterMinutes: 5, users: [], scheduleId: null, channels: [9] }, NAMES, ZH)).toBe('5 分钟未确认 → 渠道默认接收人 经 #9')
  })

  it('says the repeat, or nothing when the last step is not repeated', () => {
    expect(repeatText(15, ZH)).toBe('此后每 15 分钟重复最后一级')
    expect(repeatText(null, ZH)).toBeNull()
  })
})

describe('policy form', () => {
  const policy: EscalationPolicy = {
    id: 2,
    name: '紧急告警升级',
    steps: [
      { afterMinutes: 10, users: null, scheduleId: 4, channels: [3] },
      { afterMinutes: 30, users: ['wang.jun'], scheduleId: null, channels: [3, 5] },
    ],
    repeatMinutes: 15,
    updatedAt: '2026-03-01T02:00:00Z',
    version: 7,
  }

  it('round-trips a policy through the form', () => {
    expect(policyRequest(policyToForm(policy), 7)).toEqual({ name: '紧急告警升级', steps: policy.steps, repeatMinutes: 15, version: 7 })
  })

  it('sends no repeat when it is off, and no users when none are named', () => {
    const form = policyToForm({ ...policy, repeatMinutes: null })
    expect(form.repeat).toBe(false)
    expect(form.repeatMinutes).toBe(15)
    form.steps[1].users = [' ', '']
    const body = policyRequest(form)
    expect(body.repeatMinutes).toBeNull()
    expect(body.steps[1].users).toBeNull()
    expect('version' in body).toBe(false)
  })

  it('adds the next step 15 minutes later through the same channels; a new policy starts with one step at 10 minutes', () => {
    const form = emptyPolicyForm()
    expect(form.steps).toEqual([{ afterMinutes: 10, users: [], scheduleId: null, channels: [] }])
    form.steps[0].channels = [3]
    expect(nextStep(form.steps)).toEqual({ afterMinutes: 25, users: [], scheduleId: null, channels: [3] })
    expect(nextStep([{ afterMinutes: 1435, users: [], scheduleId: null, channels: [] }]).afterMinutes).toBe(1440)
  })
})
