import { describe, expect, it } from 'vitest'
import type { BoardTicket, InformationBoard, ModelLink, ModelSystem, SlaColour } from './api'
import { byColour, clockSkewMs, isBoardKey, modelElements, newP1Tickets, nextBoard, nextScreen, pageCount, remainingMs, rotationSeconds, shortName, worstColour } from './boards'
import { LiveStream, backoffMs, type EventSourceLike, type LiveState } from './liveStream'

function ticket(id: number, priority: number, slaColour: SlaColour, slaDueAt: string | null = null): BoardTicket {
  return {
    id, number: `INC-${id}`, title: 't', priority, state: 'new', stateName: '新建', stateNameEn: 'New', stateCategory: 'new', businessSystemId: 1,
    businessSystemName: 'HIS', assignee: null, assigneeName: null, team: null, fromAlert: false, inMaintenance: false, openedAt: '2026-11-22T01:00:00Z',
    slaColour, slaDueAt, slaBreached: slaColour === 'black',
  }
}

function info(tickets: BoardTicket[]): InformationBoard {
  const lists = { black: [], red: [], yellow: [], green: [] } as Record<SlaColour, BoardTicket[]>
  for (const t of tickets) lists[t.slaColour].push(t)
  return { now: '2026-11-22T01:00:00Z', counts: { black: lists.black.length, red: lists.red.length, yellow: lists.yellow.length, green: lists.green.length }, tickets: lists, listLimit: 100 }
}

describe('wallboard rotation', () => {
  it('goes through the four boards and back to the first', () => {
    // the dispatch board's engineers beyond one screen are shown page by page before the rotation moves on
    expect(pageCount(25, 11)).toBe(3)
    expect(pageCount(0, 11)).toBe(1)
    expect(nextScreen('dispatch', 0, 3)).toEqual({ board: 'dispatch', page: 1 })
    expect(nextScreen('dispatch', 2, 3)).toEqual({ board: 'status', page: 0 })
    expect(nextScreen('information', 0, 1)).toEqual({ board: 'dispatch', page: 0 })
    expect(nextBoard('information')).toBe('dispatch')
    expect(nextBoard('dispatch')).toBe('status')
    expect(nextBoard('status')).toBe('service-model')
    expect(nextBoard('service-model')).toBe('information')
  })

  it('keeps the period between 10 s and 10 min, and falls back on nonsense', () => {
    expect(rotationSeconds(45)).toBe(45)
    expect(rotationSeconds('20')).toBe(20)
    expect(rotationSeconds(3)).toBe(10)
    expect(rotationSeconds(99999)).toBe(600)
    expect(rotationSeconds('abc')).toBe(30)
  })

  it('knows the boards by their route names', () => {
    expect(isBoardKey('service-model')).toBe(true)
    expect(isBoardKey('weather')).toBe(false)
  })
})

describe('colours and time left', () => {
  it('counts time left on the server clock, negative once overdue', () => {
    const skew = clockSkewMs('2026-11-22T01:00:10Z', Date.parse('2026-11-22T01:00:00Z'))
    expect(skew).toBe(10_000)
    const now = Date.parse('2026-11-22T01:00:00Z') + skew
    expect(remainingMs(ticket(1, 1, 'green', '2026-11-22T01:30:00Z'), now)).toBe(29 * 60_000 + 50_000)
    expect(remainingMs(ticket(1, 1, 'black', '2026-11-22T00:50:00Z'), now)).toBeLessThan(0)
    expect(remainingMs(ticket(1, 1, 'green'), now)).toBeNull()
  })

  it('takes the darkest colour, green with none', () => {
    expect(worstColour(['green', 'red', 'yellow'])).toBe('red')
    expect(worstColour(['yellow', 'black'])).toBe('black')
    expect(worstColour([])).toBe('green')
  })

  it('groups a queue by colour, darkest first, without empty groups', () => {
    const groups = byColour([ticket(1, 3, 'green'), ticket(2, 1, 'red'), ticket(3, 2, 'green')])
    expect(groups.map((g) => [g.colour, g.tickets.map((t) => t.id)])).toEqual([['red', [2]], ['green', [1, 3]]])
  })
})

describe('the P1 alarm', () => {
  it('learns the first board silently, then reports each new P1 once', () => {
    let state = newP1Tickets(info([ticket(1, 1, 'green'), ticket(2, 3, 'green')]), null)
    expect(state.found).toEqual([])
    state = newP1Tickets(info([ticket(1, 1, 'yellow'), ticket(3, 1, 'green'), ticket(4, 2, 'green')]), state.known)
    expect(state.found.map((t) => t.id)).toEqual([3])
    state = newP1Tickets(info([ticket(1, 1, 'red'), ticket(3, 1, 'green')]), state.known)
    expect(state.found).toEqual([])
  })
})

describe('the service model graph', () => {
  const systems: ModelSystem[] = [
    { id: 1, code: 'his', name: '门急诊 HIS（预约挂号、分诊）', level: 1, colour: 'red', worstPriority: 1, openTickets: 2 },
    { id: 2, code: 'lis', name: '检验信息系统（LIS）', level: 1, colour: 'green', worstPriority: null, openTickets: 0 },
    { id: 3, code: 'oa', name: '办公自动化系统（OA）', level: 3, colour: 'green', worstPriority: null, openTickets: 0 },
  ]
  const links: ModelLink[] = [{ fromId: 2, toId: 1, kind: 'interface', interfaces: ['HIS→LIS 检验申请'] }]

  it('colours each system by its worst ticket and rings it by that ticket priority', () => {
    const elements = modelElements(systems, links)
    const his = elements.find((e) => e.data.id === '1')!.data as { colour: string; border: string; size: number; label: string }
    expect(his.colour).toBe('#e5484d')
    expect(his.border).toBe('#c9302c')
    expect(his.size).toBe(46)
    expect(his.label).toBe('门急诊 HIS')
    expect(elements.find((e) => e.data.id === '2-1')!.data).toMatchObject({ source: '2', target: '1', label: 'HIS→LIS 检验申请' })
  })

  it('leaves out quiet systems without relations when asked', () => {
    expect(modelElements(systems, links, true).map((e) => e.data.id)).toEqual(['1', '2', '2-1'])
  })

  it('keeps a short latin abbreviation in the name and drops long details', () => {
    expect(shortName('检验信息系统（LIS）')).toBe('检验信息系统（LIS）')
    expect(shortName('住院 HIS（出入转、床位）')).toBe('住院 HIS')
  })
})

class FakeSource implements EventSourceLike {
  readyState = 0
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null = null
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null = null
  listeners = new Map<string, (ev: MessageEvent) => void>()
  closed = false
  addEventListener(type: string, listener: (ev: MessageEvent) => void) {
    this.listeners.set(type, listener)
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
}

describe('the live stream', () => {
  it('is live once open, fetches on changed, and after the browser gives up reconnects with a pause and fetches again', () => {
    const sources: FakeSource[] = []
    const states: LiveState[] = []
    const timers: { fn: () => void; ms: number }[] = []
    let changed = 0
    let reconnected = 0
    const stream = new LiveStream({
      url: '/x',
      onChanged: () => changed++,
      onState: (s) => states.push(s),
      onReconnected: () => reconnected++,
      create: () => {
        const s = new FakeSource()
        sources.push(s)
        return s
      },
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
    })
    stream.start()
    sources[0]!.readyState = 1
    sources[0]!.onopen!.call(sources[0]!, new Event('open'))
    sources[0]!.listeners.get('changed')!(new MessageEvent('changed', { data: '{"version":1}' }))
    expect(changed).toBe(1)
    sources[0]!.readyState = 2
    sources[0]!.onerror!.call(sources[0]!, new Event('error'))
    expect(states).toEqual(['connecting', 'live', 'reconnecting'])
    expect(timers[0]!.ms).toBe(1000)
    timers[0]!.fn()
    sources[1]!.onopen!.call(sources[1]!, new Event('open'))
    expect(reconnected).toBe(1)
    expect(states.at(-1)).toBe('live')
    stream.stop()
    expect(sources[1]!.closed).toBe(true)
  })

  it('pauses longer after each failure, at most 30 s', () => {
    expect([0, 1, 2, 5, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 30000, 30000])
  })
})

describe('看板 in the navigation', () => {
  it('is an entry of 服务台 for whoever reads tickets, and 服务台 stays open on every board', async () => {
    const { NAVIGATION, PERMISSIONS, groupOf, visibleNavigation } = await import('@/modules/shell/navigation')
    const desk = visibleNavigation(NAVIGATION, [PERMISSIONS.serviceDeskRead]).find((i) => i.key === 'serviceDesk')
    expect(desk?.children?.map((c) => c.key)).toContain('serviceDeskBoards')
    expect(visibleNavigation(NAVIGATION, []).find((i) => i.key === 'serviceDesk')).toBeUndefined()
    expect(groupOf('/boards/dispatch')).toBe('serviceDesk')
    expect(groupOf('/boards/service-model')).toBe('serviceDesk')
  })
})
