import { labelsToRows, rowsToLabels, type LabelRow } from '@/modules/monitoring/kinds'
import type { ChannelSettings, NotificationChannel, NotificationRoute, RouteHours, RouteMatch, SaveChannelRequest, SaveRouteRequest } from './api'

/**
 * The notification editors' forms and the requests they become: a channel's settings by its type (lists typed as
 * text), secrets sent only when typed or cleared, and a route's match with its hours and weekdays — read back for the
 * lists in words ("08:00–18:00 周一至周五").
 */

export type ChannelFieldKind = 'text' | 'number' | 'select' | 'list' | 'pem' | 'switch'

export interface ChannelField {
  key: keyof ChannelSettings
  kind: ChannelFieldKind
  options?: readonly string[]
}

export const EMAIL_SECURITY = ['starttls', 'ssl', 'none'] as const
export const MESSAGE_TYPES = ['text', 'markdown'] as const

/** The usual SMTP port of each transport security, offered when the security changes. */
export const SMTP_PORTS: Record<(typeof EMAIL_SECURITY)[number], number> = { starttls: 587, ssl: 465, none: 25 }

const ROBOT: ChannelField[] = [
  { key: 'messageType', kind: 'select', options: MESSAGE_TYPES },
  { key: 'mentionMobiles', kind: 'list' },
]

/** The settings each channel type's editor shows, in order (secrets come from the type's secretFields). */
export const CHANNEL_FIELDS: Record<string, readonly ChannelField[]> = {
  email: [
    { key: 'host', kind: 'text' },
    { key: 'security', kind: 'select', options: EMAIL_SECURITY },
    { key: 'port', kind: 'number' },
    { key: 'username', kind: 'text' },
    { key: 'from', kind: 'text' },
    { key: 'to', kind: 'list' },
    { key: 'caCertificate', kind: 'pem' },
  ],
  wecom: ROBOT,
  dingtalk: ROBOT,
  feishu: [],
  'sms-aliyun': [
    { key: 'accessKeyId', kind: 'text' },
    { key: 'signName', kind: 'text' },
    { key: 'templateCode', kind: 'text' },
    { key: 'region', kind: 'text' },
    { key: 'phones', kind: 'list' },
    { key: 'endpoint', kind: 'text' },
  ],
  'sms-tencent': [
    { key: 'secretId', kind: 'text' },
    { key: 'sdkAppId', kind: 'text' },
    { key: 'signName', kind: 'text' },
    { key: 'templateId', kind: 'text' },
    { key: 'region', kind: 'text' },
    { key: 'phones', kind: 'list' },
    { key: 'endpoint', kind: 'text' },
  ],
  webhook: [{ key: 'url', kind: 'text' }],
}

/** Every channel may also carry the service desk's notices to the people they name. */
const TICKET_NOTICES: ChannelField = { key: 'ticketNotices', kind: 'switch' }

/** Robots and webhooks may also gather the people of each P1 ticket (a group to work in); e-mail and SMS have no group. */
const P1_GROUPS: ChannelField = { key: 'p1Groups', kind: 'switch' }
const GROUP_TYPES = ['wecom', 'dingtalk', 'feishu', 'webhook']

export function channelFields(type: string): readonly ChannelField[] {
  if (!CHANNEL_FIELDS[type]) return []
  return GROUP_TYPES.includes(type) ? [...CHANNEL_FIELDS[type], TICKET_NOTICES, P1_GROUPS] : [...CHANNEL_FIELDS[type], TICKET_NOTICES]
}

/** What a new channel of the type starts with (the server's own defaults, so the form shows them). */
const DEFAULTS: Record<string, Partial<Record<keyof ChannelSettings, string | number>>> = {
  email: { security: 'starttls', port: SMTP_PORTS.starttls },
  wecom: { messageType: 'text' },
  dingtalk: { messageType: 'text' },
  'sms-aliyun': { region: 'cn-hangzhou' },
  'sms-tencent': { region: 'ap-guangzhou' },
}

/** The form's values of a channel's settings: text and numbers, lists as one entry a line. */
export type SettingValues = Record<string, string | number | boolean | null>

/** Entries typed one a line or separated by commas (also the Chinese comma and 、), blanks dropped. */
export function splitList(text: string | null | undefined): string[] {
  return (text ?? '').split(/[\n,;\uFF0C\uFF1B\u3001]+/).map((x) => x.trim()).filter(Boolean)
}

export function settingsToForm(type: string, settings: ChannelSettings | null): SettingValues {
  const values: SettingValues = {}
  for (const f of channelFields(type)) {
    const v = settings ? settings[f.key] : DEFAULTS[type]?.[f.key]
    if (f.kind === 'switch') values[f.key] = v === true
    else if (f.kind === 'list') values[f.key] = Array.isArray(v) ? v.join('\n') : ''
    else if (f.kind === 'number') values[f.key] = typeof v === 'number' ? v : null
    else values[f.key] = typeof v === 'string' ? v : ''
  }
  return values
}

/** Only the settings of the type, trimmed; empty ones are left out so the server applies its defaults. */
export function formToSettings(type: string, values: SettingValues): ChannelSettings {
  const out: Record<string, unknown> = {}
  for (const f of channelFields(type)) {
    const v = values[f.key]
    if (f.kind === 'switch') {
      if (v === true) out[f.key] = true
    } else if (f.kind === 'list') {
      const list = splitList(typeof v === 'string' ? v : '')
      if (list.length) out[f.key] = list
    } else if (f.kind === 'number') {
      if (typeof v === 'number' && Number.isFinite(v)) out[f.key] = v
    } else if (typeof v === 'string' && v.trim()) {
      out[f.key] = v.trim()
    }
  }
  return out as ChannelSettings
}

/**
 * The secrets to send: those typed, and "" for those the user chose to clear. A secret left empty is not sent, so
 * the stored value stays.
 */
export function secretsToSend(fields: readonly string[], typed: Record<string, string | undefined>, cleared: Record<string, boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of fields) {
    if (cleared[f]) out[f] = ''
    else if (typed[f]) out[f] = typed[f] as string
  }
  return out
}

export interface ChannelForm {
  name: string
  type: string
  language: string
  ratePerMinute: number
  enabled: boolean
  settings: SettingValues
}

export function channelToForm(channel: NotificationChannel): ChannelForm {
  return {
    name: channel.name,
    type: channel.type,
    language: channel.language,
    ratePerMinute: channel.ratePerMinute,
    enabled: channel.enabled,
    settings: settingsToForm(channel.type, channel.settings),
  }
}

export function channelRequest(
  form: ChannelForm,
  secretFields: readonly string[],
  typed: Record<string, string | undefined>,
  cleared: Record<string, boolean | undefined>,
  version?: number,
): SaveChannelRequest {
  return {
    name: form.name.trim(),
    type: form.type,
    language: form.language,
    settings: formToSettings(form.type, form.settings),
    secrets: secretsToSend(secretFields, typed, cleared),
    ratePerMinute: form.ratePerMinute,
    enabled: form.enabled,
    ...(version === undefined ? {} : { version }),
  }
}

export interface RouteForm {
  name: string
  position: number | null
  severities: string[]
  businessIds: number[]
  ciTypes: string[]
  labels: LabelRow[]
  /** only at some hours (otherwise any time) */
  hoursOn: boolean
  from: string
  to: string
  /** ISO weekdays, Monday = 1; none ticked = every day */
  days: number[]
  channels: number[]
  /** roster whose person on duty is told too (null: none) */
  scheduleId: number | null
  /** escalation policy when nobody acknowledges (null: none) */
  escalationPolicyId: number | null
  notifyResolved: boolean
  stop: boolean
  enabled: boolean
}

export function emptyRouteForm(): RouteForm {
  return {
    name: '',
    position: null,
    severities: [],
    businessIds: [],
    ciTypes: [],
    labels: [],
    hoursOn: false,
    from: '08:00',
    to: '18:00',
    days: [1, 2, 3, 4, 5],
    channels: [],
    scheduleId: null,
    escalationPolicyId: null,
    notifyResolved: true,
    stop: false,
    enabled: true,
  }
}

export function routeToForm(route: NotificationRoute): RouteForm {
  const m = route.match
  const empty = emptyRouteForm()
  return {
    name: route.name,
    position: route.position,
    severities: [...(m.severities ?? [])],
    businessIds: [...(m.businessIds ?? [])],
    ciTypes: [...(m.ciTypes ?? [])],
    labels: labelsToRows(m.labels),
    hoursOn: m.hours !== null && m.hours !== undefined,
    from: m.hours?.from ?? empty.from,
    to: m.hours?.to ?? empty.to,
    days: m.hours ? [...(m.hours.days ?? [])] : empty.days,
    channels: [...route.channels],
    scheduleId: route.scheduleId ?? null,
    escalationPolicyId: route.escalationPolicyId ?? null,
    notifyResolved: route.notifyResolved,
    stop: route.stop,
    enabled: route.enabled,
  }
}

const orNull = <T>(list: T[]): T[] | null => (list.length ? list : null)

/** "8:05" → "08:05"; anything else as typed (the server says what is wrong with it). */
export function padTime(time: string): string {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time)
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : time.trim()
}

/** Days in order, each once; all seven or none mean every day (null). */
export function normalizeDays(days: readonly number[]): number[] | null {
  const unique = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b)
  return unique.length === 0 || unique.length === 7 ? null : unique
}

export function routeRequest(form: RouteForm, version?: number): SaveRouteRequest {
  const labels = rowsToLabels(form.labels)
  const match: RouteMatch = {
    severities: orNull([...form.severities]),
    businessIds: orNull([...form.businessIds]),
    ciTypes: orNull([...form.ciTypes]),
    labels: Object.keys(labels).length ? labels : null,
    hours: form.hoursOn ? { from: padTime(form.from), to: padTime(form.to), days: normalizeDays(form.days) } : null,
  }
  return {
    name: form.name.trim(),
    position: form.position,
    match,
    channels: [...new Set(form.channels)],
    // the server keeps a route's roster and policy unless told otherwise; 0 says "none"
    scheduleId: form.scheduleId ?? 0,
    escalationPolicyId: form.escalationPolicyId ?? 0,
    notifyResolved: form.notifyResolved,
    stop: form.stop,
    enabled: form.enabled,
    ...(version === undefined ? {} : { version }),
  }
}

export interface DayWords {
  /** Monday … Sunday */
  names: readonly string[]
  /** between the first and last day of a run: 周一至周五, Mon–Fri */
  through: string
  separator: string
  everyDay: string
}

/** Weekdays in words: runs of three or more days as a range (周一至周五), others listed (周六、周日). */
export function daysText(days: readonly number[] | null, words: DayWords): string {
  const list = normalizeDays(days ?? [])
  if (!list) return words.everyDay
  const parts: string[] = []
  let start = 0
  for (let i = 1; i <= list.length; i++) {
    if (i < list.length && list[i] === list[i - 1] + 1) continue
    const run = list.slice(start, i)
    if (run.length >= 3) parts.push(`${words.names[run[0] - 1]}${words.through}${words.names[run[run.length - 1] - 1]}`)
    else parts.push(...run.map((d) => words.names[d - 1]))
    start = i
  }
  return parts.join(words.separator)
}

/** Whether the hours run past midnight (18:00–08:00 ends the next morning). */
export function overnight(hours: RouteHours): boolean {
  return padTime(hours.to) <= padTime(hours.from)
}

/** "08:00–18:00 周一至周五"; a night shift gets the next-day mark after its end. */
export function hoursText(hours: RouteHours, words: DayWords & { nextDay: string }): string {
  const end = padTime(hours.to) + (overnight(hours) ? words.nextDay : '')
  return `${padTime(hours.from)}–${end} ${daysText(hours.days, words)}`
}

/** A match that takes every event (nothing to show but "all alerts"). */
export function matchesEverything(match: RouteMatch): boolean {
  return !match.severities?.length && !match.businessIds?.length && !match.ciTypes?.length && !Object.keys(match.labels ?? {}).length && !match.hours
}

/**
 * The list with the entry at `from` dropped onto the one at `to`: it takes that place and the entries between shift
 * by one (dragged down, it lands after its target; dragged up, before). Unchanged for an index off the list.
 */
export function moveTo<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list]
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return out
  const [entry] = out.splice(from, 1)
  out.splice(to, 0, entry)
  return out
}
