import type { BoardKey, BoardTicket, InformationBoard, ModelLink, ModelSystem, SlaColour } from './api'

export const BOARD_KEYS: readonly BoardKey[] = ['information', 'dispatch', 'status', 'service-model']
export const COLOURS: readonly SlaColour[] = ['black', 'red', 'yellow', 'green']

/** The colours as drawn: black is a near-black, so that white text reads on it. */
export const COLOUR_HEX: Record<SlaColour, string> = {
  black: '#1f1f1f',
  red: '#e5484d',
  yellow: '#f5a623',
  green: '#2fa35a',
}

export const PRIORITY_HEX: Record<number, string> = { 1: '#c9302c', 2: '#e6702e', 3: '#3a7bd5', 4: '#8a8f98' }

export function isBoardKey(value: unknown): value is BoardKey {
  return typeof value === 'string' && (BOARD_KEYS as readonly string[]).includes(value)
}

/** The board after `current` in the wallboard's rotation (back to the first after the last). */
export function nextBoard(current: BoardKey, boards: readonly BoardKey[] = BOARD_KEYS): BoardKey {
  const i = boards.indexOf(current)
  return boards[(i + 1) % boards.length] ?? boards[0] ?? 'information'
}

/**
 * The wallboard's next screen: a board shown in pages (the dispatch board's engineers, more than one screen holds) shows its
 * next page first, then the rotation moves on to the next board at its first page.
 */
export function nextScreen(current: BoardKey, page: number, pages: number, boards: readonly BoardKey[] = BOARD_KEYS): { board: BoardKey; page: number } {
  return page + 1 < pages ? { board: current, page: page + 1 } : { board: nextBoard(current, boards), page: 0 }
}

/** How many pages `count` items take at `perPage` a page (at least one). */
export function pageCount(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, perPage)))
}

/** The rotation period the user typed, kept between 10 s and 10 min; anything else falls back to the default. */
export function rotationSeconds(value: unknown, fallback = 30): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10)
  if (!Number.isFinite(n)) return fallback
  return Math.min(600, Math.max(10, Math.round(n)))
}

/** The difference between the server's clock and this browser's, so time left is counted on the server's time. */
export function clockSkewMs(serverNow: string, receivedAt: number): number {
  const server = Date.parse(serverNow)
  return Number.isFinite(server) ? server - receivedAt : 0
}

/** Milliseconds until the ticket's next SLA deadline (negative once past it), or null without one. */
export function remainingMs(ticket: Pick<BoardTicket, 'slaDueAt'>, nowMs: number): number | null {
  if (!ticket.slaDueAt) return null
  const due = Date.parse(ticket.slaDueAt)
  return Number.isFinite(due) ? due - nowMs : null
}

/** The P1 tickets on the information board that were not there before (`known` is updated). Null `known` learns without reporting. */
export function newP1Tickets(board: InformationBoard, known: Set<number> | null): { found: BoardTicket[]; known: Set<number> } {
  const p1 = COLOURS.flatMap((c) => board.tickets[c] ?? []).filter((t) => t.priority === 1)
  const ids = new Set(p1.map((t) => t.id))
  const found = known === null ? [] : p1.filter((t) => !known.has(t.id))
  return { found, known: ids }
}

/** The darkest of some colours (green when there are none). */
export function worstColour(colours: Iterable<SlaColour>): SlaColour {
  let worst: SlaColour = 'green'
  for (const c of colours) {
    if (COLOURS.indexOf(c) < COLOURS.indexOf(worst)) worst = c
  }
  return worst
}

/** Tickets of a list grouped by colour, darkest first, leaving out colours without tickets. */
export function byColour(tickets: readonly BoardTicket[]): { colour: SlaColour; tickets: BoardTicket[] }[] {
  return COLOURS.map((colour) => ({ colour, tickets: tickets.filter((t) => t.slaColour === colour) })).filter((g) => g.tickets.length > 0)
}

export interface GraphNode {
  data: { id: string; label: string; colour: string; size: number; border: string; open: number }
}
export interface GraphEdge {
  data: { id: string; source: string; target: string; label: string; kind: string }
}

/**
 * The service model board as cytoscape elements: a node per business system, coloured by its worst open ticket's colour and
 * ringed by the priority of that ticket; level-1 systems drawn larger. `onlyLinked` leaves out systems with no relation and
 * nothing open, which keeps 50 systems readable on one screen.
 */
export function modelElements(systems: readonly ModelSystem[], links: readonly ModelLink[], onlyLinked = false): (GraphNode | GraphEdge)[] {
  const linked = new Set(links.flatMap((l) => [l.fromId, l.toId]))
  const shown = systems.filter((s) => !onlyLinked || linked.has(s.id) || s.openTickets > 0)
  const ids = new Set(shown.map((s) => s.id))
  const nodes: GraphNode[] = shown.map((s) => ({
    data: {
      id: String(s.id),
      label: shortName(s.name),
      colour: COLOUR_HEX[s.colour],
      size: s.level === 1 ? 46 : s.level === 2 ? 36 : 28,
      border: s.worstPriority ? PRIORITY_HEX[s.worstPriority] ?? '#999' : '#d0d4da',
      open: s.openTickets,
    },
  }))
  const edges: GraphEdge[] = links
    .filter((l) => ids.has(l.fromId) && ids.has(l.toId))
    .map((l) => ({ data: { id: `${l.fromId}-${l.toId}`, source: String(l.fromId), target: String(l.toId), label: l.interfaces.join(' / '), kind: l.kind } }))
  return [...nodes, ...edges]
}

/** A business system's name without its parenthesised detail, unless that detail is a short Latin abbreviation such as (EMR). */
export function shortName(name: string): string {
  const cut = name.search(/[\uff08(]/)
  if (cut <= 0) return name
  const inside = name.slice(cut + 1).replace(/[\uff09)]\s*$/, '')
  return /^[A-Za-z/ ]{1,12}$/.test(inside) ? name : name.slice(0, cut).trim()
}
