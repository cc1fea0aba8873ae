import type { EscalationPolicy, EscalationStep, OnCallOverride, OnCallSchedule, SaveEscalationPolicyRequest, SaveOnCallScheduleRequest } from './api'
import { isoToWallClock, wallClockToIso } from './calendar'
import { padTime } from './notifications'

/**
 * The on-call editors' forms and the requests they become — a roster's people in order, its holidays and overrides
 * (times typed in hospital time), an escalation policy's steps — and the words the lists use for them ("10 分钟未确认 →
 * 陈浩、值班人员（信息科值班） 经 值班群"; "此后每 15 分钟重复最后一级").
 */

export const MAX_STEPS = 5
export const MAX_ROTATION_DAYS = 28

/** An override row as the editor holds it: times as `YYYY-MM-DD HH:mm` in hospital time. */
export interface OverrideRow {
  from: string
  to: string
  user: string
  reason: string
}

export interface RosterForm {
  name: string
  participants: string[]
  rotationDays: number
  handover: string
  anchorDate: string
  holidayParticipants: string[]
  holidays: string[]
  overrides: OverrideRow[]
}

/** A new roster: daily turns handed over at 08:00, starting today. */
export function emptyRosterForm(today: string): RosterForm {
  return { name: '', participants: [], rotationDays: 1, handover: '08:00', anchorDate: today, holidayParticipants: [], holidays: [], overrides: [] }
}

export function rosterToForm(schedule: OnCallSchedule): RosterForm {
  return {
    name: schedule.name,
    participants: [...schedule.participants],
    rotationDays: schedule.rotationDays,
    handover: schedule.handover,
    anchorDate: schedule.anchorDate,
    holidayParticipants: [...schedule.holidayParticipants],
    holidays: [...schedule.holidays].sort(),
    overrides: schedule.overrides.map((o) => ({ from: isoToWallClock(o.from), to: isoToWallClock(o.to), user: o.user, reason: o.reason ?? '' })),
  }
}

/** Names trimmed, blanks dropped, each once, in the order given (the order is the rotation). */
export function cleanNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))]
}

function overrideToRequest(row: OverrideRow): OnCallOverride {
  return { from: row.from ? wallClockToIso(row.from) : '', to: row.to ? wallClockToIso(row.to) : '', user: row.user.trim(), reason: row.reason.trim() || null }
}

export function rosterRequest(form: RosterForm, version?: number): SaveOnCallScheduleRequest {
  return {
    name: form.name.trim(),
    participants: cleanNames(form.participants),
    rotationDays: form.rotationDays,
    handover: padTime(form.handover),
    anchorDate: form.anchorDate || null,
    holidayParticipants: cleanNames(form.holidayParticipants),
    holidays: [...new Set(form.holidays)].sort(),
    overrides: form.overrides.map(overrideToRequest),
    ...(version === undefined ? {} : { version }),
  }
}

/** The list with one entry moved up (-1) or down (+1); unchanged when it would leave the list. */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta
  const out = [...list]
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return out
  ;[out[index], out[to]] = [out[to], out[index]]
  return out
}

/** A new override: from the next hand-over for one shift, to the one after. */
export function newOverride(day: string, handover: string, nextDay: string): OverrideRow {
  return { from: `${day} ${padTime(handover)}`, to: `${nextDay} ${padTime(handover)}`, user: '', reason: '' }
}

/**
 * The fields of a save error that the roster editor shows beside its inputs (the override rows' too), so that every
 * field error the server can give lands somewhere.
 */
export function rosterFields(overrides: number): string[] {
  const rows = Array.from({ length: overrides }, (_, i) => [`overrides[${i}].from`, `overrides[${i}].to`, `overrides[${i}].user`, `overrides[${i}].reason`]).flat()
  return ['name', 'participants', 'rotationDays', 'handover', 'anchorDate', 'holidayParticipants', 'holidays', 'overrides', ...rows]
}

export function policyFields(steps: number): string[] {
  const rows = Array.from({ length: steps }, (_, i) => [`steps[${i}].afterMinutes`, `steps[${i}].users`, `steps[${i}].scheduleId`, `steps[${i}].channels`]).flat()
  return ['name', 'steps', 'repeatMinutes', ...rows]
}

/**
 * Codes whose generic server message would mislead beside a user or override field, and the locale key said there
 * instead ("没有这个用户" rather than the CMDB's "引用的配置项不存在").
 */
export function fieldMessageKey(field: string, code: string): string | null {
  const name = field.replace(/\[\d+\]/g, '[]')
  const userField = ['participants', 'holidayParticipants', 'overrides[].user', 'steps[].users'].includes(name)
  if (code === 'invalid_reference' && userField) return 'alerting.oncall.unknownUser'
  if (code === 'invalid_reference' && name === 'steps[].scheduleId') return 'alerting.escalation.unknownSchedule'
  if (code === 'invalid_reference' && name === 'steps[].channels') return 'alerting.escalation.unknownChannel'
  if (code === 'invalid_window_end' && name === 'overrides[].to') return 'alerting.oncall.overrideEnd'
  if (code === 'invalid_value' && name === 'steps[].afterMinutes') return 'alerting.escalation.minutesOrder'
  if (code === 'invalid_value' && name === 'repeatMinutes') return 'alerting.escalation.repeatRange'
  if (code === 'invalid_value' && name === 'rotationDays') return 'alerting.oncall.rotationRange'
  if (code === 'name_taken' && name === 'name') return 'alerting.oncall.nameTaken'
  return null
}

/**
 * Replaces the server's message of a field with the editor's own where fieldMessageKey has one; the field keeps the
 * server's message otherwise.
 */
export function relabelErrors(errors: Record<string, string>, codes: Record<string, string>, translate: (key: string) => string): void {
  for (const [field, code] of Object.entries(codes)) {
    const key = fieldMessageKey(field, code)
    if (key && field in errors) errors[field] = translate(key)
  }
}

/** A user the pickers offer: the user name sent to the server, the name people know them by. */
export interface UserChoice {
  value: string
  label: string
}

/** Whether a choice fits what was typed: its name or its user name, in any case. */
export function matchesUser(choice: UserChoice, query: string): boolean {
  const q = query.trim().toLowerCase()
  return !q || choice.value.toLowerCase().includes(q) || choice.label.toLowerCase().includes(q)
}

export interface StepForm {
  afterMinutes: number
  users: string[]
  scheduleId: number | null
  channels: number[]
}

export interface PolicyForm {
  name: string
  steps: StepForm[]
  /** repeat the last step until someone acknowledges */
  repeat: boolean
  repeatMinutes: number
}

/** The next step of a policy: 15 minutes after the one before it, first step after 10; same channels as before. */
export function nextStep(steps: readonly StepForm[]): StepForm {
  const last = steps[steps.length - 1]
  return { afterMinutes: last ? Math.min(1440, last.afterMinutes + 15) : 10, users: [], scheduleId: null, channels: last ? [...last.channels] : [] }
}

export function emptyPolicyForm(): PolicyForm {
  return { name: '', steps: [nextStep([])], repeat: false, repeatMinutes: 15 }
}

export function policyToForm(policy: EscalationPolicy): PolicyForm {
  return {
    name: policy.name,
    steps: policy.steps.map((s) => ({ afterMinutes: s.afterMinutes, users: [...(s.users ?? [])], scheduleId: s.scheduleId ?? null, channels: [...s.channels] })),
    repeat: policy.repeatMinutes !== null,
    repeatMinutes: policy.repeatMinutes ?? 15,
  }
}

export function policyRequest(form: PolicyForm, version?: number): SaveEscalationPolicyRequest {
  return {
    name: form.name.trim(),
    steps: form.steps.map((s) => {
      const users = cleanNames(s.users)
      return { afterMinutes: s.afterMinutes, users: users.length ? users : null, scheduleId: s.scheduleId, channels: [...new Set(s.channels)] }
    }),
    repeatMinutes: form.repeat ? form.repeatMinutes : null,
    ...(version === undefined ? {} : { version }),
  }
}

/** How names are shown: a user's display name, a roster's and a channel's name (or a placeholder when deleted). */
export interface StepNames {
  user: (userName: string) => string
  schedule: (id: number) => string
  channel: (id: number) => string
}

export interface StepWords {
  /** the step: `{after} → {who} 经 {channels}` */
  step: (parts: { after: string; who: string; channels: string }) => string
  /** `{n} 分钟未确认` */
  after: (minutes: number) => string
  /** `值班人员（{name}）` */
  onDuty: (schedule: string) => string
  /** when the step names nobody (only the channels' own recipients) */
  nobody: string
  separator: string
  /** `此后每 {n} 分钟重复最后一级` */
  repeat: (minutes: number) => string
}

/** One step in words: "10 分钟未确认 → 陈浩、值班人员（信息科值班） 经 值班群". */
export function stepText(step: EscalationStep, names: StepNames, words: StepWords): string {
  const who = [...(step.users ?? []).map(names.user), ...(step.scheduleId ? [words.onDuty(names.schedule(step.scheduleId))] : [])]
  return words.step({
    after: words.after(step.afterMinutes),
    who: who.length ? who.join(words.separator) : words.nobody,
    channels: step.channels.map(names.channel).join(words.separator),
  })
}

/** The repeat in words, or null when the last step is not repeated. */
export function repeatText(repeatMinutes: number | null, words: Pick<StepWords, 'repeat'>): string | null {
  return repeatMinutes === null ? null : words.repeat(repeatMinutes)
}
