import { describe, expect, it } from 'vitest'
import { CHANNEL_TYPES, type NotificationChannel, type NotificationRoute } from './api'
import {
  CHANNEL_FIELDS,
  channelRequest,
  channelToForm,
  daysText,
  emptyRouteForm,
  formToSettings,
  hoursText,
  matchesEverything,
  moveTo,
  normalizeDays,
  routeRequest,
  routeToForm,
  secretsToSend,
  settingsToForm,
  splitList,
} from './notifications'

const ZH = { names: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], through: '至', separator: '、', everyDay: '每天', nextDay: '（次日）' }
const EN = { names: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], through: '–', separator: ', ', everyDay: 'every day', nextDay: ' (next day)' }

function channel(over: Partial<NotificationChannel> = {}): NotificationChannel {
  return {
    id: 3,
    name: '信息科值班群',
    type: 'wecom',
    language: 'zh-CN',
    settings: { messageType: 'markdown', mentionMobiles: ['13800000001', '13800000002'] },
    secretsSet: ['url'],
    address: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
    ratePerMinute: 20,
    enabled: true,
    updatedAt: '2026-03-01T02:00:00Z',
    version: 4,
    ...over,
  }
}

describe('channel form', () => {
  it('knows the settings of every channel type the server offers', () => {
    expect(Object.keys(CHANNEL_FIELDS).sort()).toEqual([...CHANNEL_TYPES].sort())
  })

  it('splits lists typed one a line or with commas (also Chinese punctuation), dropping blanks', () => {
    expect(splitList('a@h.cn, b@h.cn\n\n c@h.cn，d@h.cn、e@h.cn;')).toEqual(['a@h.cn', 'b@h.cn', 'c@h.cn', 'd@h.cn', 'e@h.cn'])
    expect(splitList('  ')).toEqual([])
    expect(splitList(null)).toEqual([])
  })

  it('starts a new channel with the server defaults of its type', () => {
    expect(settingsToForm('email', null)).toEqual({ host: '', security: 'starttls', port: 587, username: '', from: '', to: '', caCertificate: '', ticketNotices: false })
    expect(settingsToForm('wecom', null)).toEqual({ messageType: 'text', mentionMobiles: '', ticketNotices: false, p1Groups: false })
    expect(settingsToForm('sms-tencent', null).region).toBe('ap-guangzhou')
    expect(settingsToForm('feishu', null)).toEqual({ ticketNotices: false, p1Groups: false })
    expect(settingsToForm('nonsense', null)).toEqual({})
  })

  it('carries the service desk notices switch of every type, sent only when on', () => {
    expect(settingsToForm('webhook', { url: 'http://h/x', ticketNotices: true })).toEqual({ url: 'http://h/x', ticketNotices: true, p1Groups: false })
    expect(formToSettings('webhook', { url: 'http://h/x', ticketNotices: true })).toEqual({ url: 'http://h/x', ticketNotices: true })
    expect(formToSettings('feishu', { ticketNotices: false })).toEqual({})
  })

  it('offers the P1 group switch on robots and webhooks only', () => {
    expect(formToSettings('dingtalk', { messageType: 'text', p1Groups: true })).toEqual({ messageType: 'text', p1Groups: true })
    expect(formToSettings('email', { p1Groups: true })).toEqual({})
    expect(settingsToForm('sms-aliyun', null)).not.toHaveProperty('p1Groups')
  })

  it('sends only the settings of the type, trimmed, without empty ones', () => {
    const values = { host: ' smtp.hospital.local ', port: 465, security: 'ssl', username: '', from: 'ops@hospital.local', to: 'a@hospital.local\nb@hospital.local', caCertificate: '', url: 'http://left.over/from-another-type' }
    expect(formToSettings('email', values)).toEqual({ host: 'smtp.hospital.local', port: 465, security: 'ssl', from: 'ops@hospital.local', to: ['a@hospital.local', 'b@hospital.local'] })
    expect(formToSettings('webhook', values)).toEqual({ url: 'http://left.over/from-another-type' })
    expect(formToSettings('email', { port: null })).toEqual({})
  })

  it('reads a saved channel back into the form, lists one a line', () => {
    expect(channelToForm(channel())).toEqual({
      name: '信息科值班群',
      type: 'wecom',
      language: 'zh-CN',
      ratePerMinute: 20,
      enabled: true,
      settings: { messageType: 'markdown', mentionMobiles: '13800000001\n13800000002', ticketNotices: false, p1Groups: false },
    })
  })

  it('sends only the secrets typed; an empty field keeps the stored one, a cleared one is sent empty', () => {
    expect(secretsToSend(['url', 'signSecret'], { url: '', signSecret: undefined }, {})).toEqual({})
    expect(secretsToSend(['url', 'signSecret'], { url: 'https://oapi.dingtalk.com/robot/send?access_token=x' }, { signSecret: true })).toEqual({
      url: 'https://oapi.dingtalk.com/robot/send?access_token=x',
      signSecret: '',
    })
    // a secret of another type (typed before the type was changed) is never sent
    expect(secretsToSend(['hmacSecret'], { url: 'https://x/?key=1', hmacSecret: 's3cret' }, {})).toEqual({ hmacSecret: 's3cret' })
  })

  it('builds the request, with the version only when editing', () => {
    const form = channelToForm(channel())
    form.name = '  值班群  '
    const edit = channelRequest(form, ['url'], {}, {}, 4)
    expect(edit).toEqual({
      name: '值班群',
      type: 'wecom',
      language: 'zh-CN',
      settings: { messageType: 'markdown', mentionMobiles: ['13800000001', '13800000002'] },
      secrets: {},
      ratePerMinute: 20,
      enabled: true,
      version: 4,
    })
    expect('version' in channelRequest(form, ['url'], { url: 'https://q/?key=k' }, {})).toBe(false)
  })
})

function route(over: Partial<NotificationRoute> = {}): NotificationRoute {
  return {
    id: 7,
    name: '紧急告警白天发值班群',
    position: 20,
    match: { severities: ['critical'], businessIds: [11], ciTypes: ['database'], labels: { team: 'dba' }, hours: { from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] } },
    channels: [3, 4],
    scheduleId: 2,
    escalationPolicyId: 5,
    notifyResolved: false,
    stop: true,
    enabled: true,
    updatedAt: '2026-03-01T02:00:00Z',
    version: 2,
    ...over,
  }
}

describe('route form', () => {
  it('round-trips a route through the form', () => {
    const r = route()
    expect(routeRequest(routeToForm(r), r.version)).toEqual({
      name: r.name,
      position: 20,
      match: r.match,
      channels: [3, 4],
      scheduleId: 2,
      escalationPolicyId: 5,
      notifyResolved: false,
      stop: true,
      enabled: true,
      version: 2,
    })
  })

  it('clears a roster or policy taken off the route by sending 0', () => {
    const form = routeToForm(route())
    expect([form.scheduleId, form.escalationPolicyId]).toEqual([2, 5])
    form.scheduleId = null
    const body = routeRequest(form, 2)
    expect([body.scheduleId, body.escalationPolicyId]).toEqual([0, 5])
    expect(routeToForm(route({ scheduleId: null, escalationPolicyId: null })).escalationPolicyId).toBeNull()
  })

  it('sends empty parts as null (match all), and no hours unless asked for', () => {
    const form = emptyRouteForm()
    form.name = ' 全部 '
    form.channels = [5, 5]
    expect(routeRequest(form)).toEqual({
      name: '全部',
      position: null,
      match: { severities: null, businessIds: null, ciTypes: null, labels: null, hours: null },
      channels: [5],
      scheduleId: 0,
      escalationPolicyId: 0,
      notifyResolved: true,
      stop: false,
      enabled: true,
    })
  })

  it('writes hours as HH:mm and weekdays in order; all or no days mean every day', () => {
    const form = { ...emptyRouteForm(), hoursOn: true, from: '8:00', to: '18:30', days: [5, 1, 3, 3] }
    expect(routeRequest(form).match.hours).toEqual({ from: '08:00', to: '18:30', days: [1, 3, 5] })
    expect(normalizeDays([7, 6, 5, 4, 3, 2, 1])).toBeNull()
    expect(normalizeDays([])).toBeNull()
    expect(normalizeDays([0, 8, 2])).toEqual([2])
  })

  it('reads a route without hours back with office hours ready to tick', () => {
    const form = routeToForm(route({ match: { severities: null, businessIds: null, ciTypes: null, labels: null, hours: null } }))
    expect(form.hoursOn).toBe(false)
    expect([form.from, form.to, form.days]).toEqual(['08:00', '18:00', [1, 2, 3, 4, 5]])
    expect(form.severities).toEqual([])
  })
})

describe('route order', () => {
  it('drops a dragged route onto another: it takes that place, the ones between shift by one', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd'])
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c'])
    expect(moveTo(['a', 'b', 'c', 'd'], 1, 0)).toEqual(['b', 'a', 'c', 'd'])
    expect(moveTo(['a', 'b', 'c', 'd'], 2, 3)).toEqual(['a', 'b', 'd', 'c'])
  })

  it('leaves the order alone for a drop on itself or off the list, and never changes the given list', () => {
    const list = ['a', 'b', 'c']
    expect(moveTo(list, 1, 1)).toEqual(list)
    expect(moveTo(list, -1, 1)).toEqual(list)
    expect(moveTo(list, 0, 3)).toEqual(list)
    expect(moveTo(list, 0, 2)).not.toBe(list)
    expect(list).toEqual(['a', 'b', 'c'])
  })
})

describe('hours in words', () => {
  it('names runs of weekdays as a range and lists the rest', () => {
    expect(daysText([1, 2, 3, 4, 5], ZH)).toBe('周一至周五')
    expect(daysText([6, 7], ZH)).toBe('周六、周日')
    expect(daysText([1, 2, 3, 5, 7], ZH)).toBe('周一至周三、周五、周日')
    expect(daysText(null, ZH)).toBe('每天')
    expect(daysText([1, 2, 3, 4, 5, 6, 7], EN)).toBe('every day')
    expect(daysText([1, 2, 3, 4, 5], EN)).toBe('Mon–Fri')
  })

  it('shows office hours and marks a night that ends the next day', () => {
    expect(hoursText({ from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] }, ZH)).toBe('08:00–18:00 周一至周五')
    expect(hoursText({ from: '18:00', to: '8:00', days: null }, ZH)).toBe('18:00–08:00（次日） 每天')
    expect(hoursText({ from: '22:00', to: '06:00', days: [6, 7] }, EN)).toBe('22:00–06:00 (next day) Sat, Sun')
  })

  it('knows a match that takes every event', () => {
    expect(matchesEverything({ severities: null, businessIds: [], ciTypes: null, labels: {}, hours: null })).toBe(true)
    expect(matchesEverything(route().match)).toBe(false)
  })
})
