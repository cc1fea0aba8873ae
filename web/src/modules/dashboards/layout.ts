/**
 * The panel grid: 24 columns, rows of 30 px. Moving or resizing a panel pushes the panels it
 * would overlap downwards, then everything floats up as far as it can (no holes), so a layout is
 * always valid whatever order the edits come in.
 */
import { GRID_COLUMNS, type GridPos, type Panel } from './model'

export type Direction = 'up' | 'down' | 'left' | 'right'

export function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/** Panels in reading order (top to bottom, left to right): the order on a phone. */
export function readingOrder<T extends { grid: GridPos }>(panels: T[]): T[] {
  return [...panels].sort((a, b) => a.grid.y - b.grid.y || a.grid.x - b.grid.x)
}

function clampGrid(g: GridPos): GridPos {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(g.w)))
  return { x: Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(g.x))), y: Math.max(0, Math.round(g.y)), w, h: Math.max(2, Math.round(g.h)) }
}

/**
 * A valid layout with panel `fixedId` where it was put: panels overlapping an already placed one
 * are pushed below it, then every panel rises while nothing is in the way. Returns new panels.
 */
export function settle(panels: Panel[], fixedId?: string): Panel[] {
  const items = panels.map((p) => ({ ...p, grid: clampGrid(p.grid) }))
  const fixed = items.find((p) => p.id === fixedId)
  const others = readingOrder(items.filter((p) => p !== fixed))
  const placed: Panel[] = fixed ? [fixed] : []
  for (const p of others) {
    const g = { ...p.grid }
    for (;;) {
      const hit = placed.find((q) => overlaps(g, q.grid))
      if (!hit) break
      g.y = hit.grid.y + hit.grid.h
    }
    placed.push({ ...p, grid: g })
  }
  // float up: in reading order, each panel rises until it would touch one above it
  const result: Panel[] = []
  for (const p of readingOrder(placed)) {
    const g = { ...p.grid }
    while (g.y > 0 && !result.some((q) => overlaps({ ...g, y: g.y - 1 }, q.grid))) g.y--
    result.push({ ...p, grid: g })
  }
  const order = new Map(panels.map((p, i) => [p.id, i]))
  return result.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
}

/**
 * One step of a panel. Up and down: it changes place with the nearest panel above or below that
 * shares a column. Left and right: it changes place with its neighbour in the same row, or
 * shifts by its own width when there is none.
 */
export function move(panels: Panel[], id: string, direction: Direction): Panel[] {
  const p = panels.find((x) => x.id === id)
  if (!p) return panels
  const g = { ...p.grid }
  const sharesColumns = (q: Panel) => q.grid.x < g.x + g.w && g.x < q.grid.x + q.grid.w
  const updates = new Map<string, GridPos>()
  if (direction === 'up' || direction === 'down') {
    const candidates = panels.filter((q) => q.id !== id && sharesColumns(q) && (direction === 'up' ? q.grid.y < g.y : q.grid.y > g.y))
    if (!candidates.length) return panels
    const ordered = readingOrder(candidates)
    const other = direction === 'up' ? ordered.reduce((a, b) => (b.grid.y > a.grid.y ? b : a)) : ordered[0]
    g.y = direction === 'up' ? other.grid.y : other.grid.y + other.grid.h
  } else {
    const row = panels.filter((q) => q.id !== id && q.grid.y === g.y)
    const neighbour =
      direction === 'right'
        ? row.filter((q) => q.grid.x >= g.x + g.w).sort((a, b) => a.grid.x - b.grid.x)[0]
        : row.filter((q) => q.grid.x + q.grid.w <= g.x).sort((a, b) => b.grid.x - a.grid.x)[0]
    if (neighbour) {
      if (direction === 'right') {
        updates.set(neighbour.id, { ...neighbour.grid, x: g.x })
        g.x = neighbour.grid.x + neighbour.grid.w - g.w
      } else {
        updates.set(neighbour.id, { ...neighbour.grid, x: g.x + g.w - neighbour.grid.w })
        g.x = neighbour.grid.x
      }
    } else {
      g.x = direction === 'right' ? Math.min(GRID_COLUMNS - g.w, g.x + g.w) : Math.max(0, g.x - g.w)
    }
  }
  updates.set(id, g)
  return settle(panels.map((x) => (updates.has(x.id) ? { ...x, grid: updates.get(x.id)! } : x)), id)
}

/** A panel given a new size (or place), the rest made to fit around it. */
export function resize(panels: Panel[], id: string, grid: Partial<GridPos>): Panel[] {
  return settle(panels.map((x) => (x.id === id ? { ...x, grid: clampGrid({ ...x.grid, ...grid }) } : x)), id)
}

/** Where a new panel of this size goes: the first gap at the bottom-right, else a new row below. */
export function placeNew(panels: Panel[], w = 12, h = 8): GridPos {
  const bottom = panels.reduce((m, p) => Math.max(m, p.grid.y + p.grid.h), 0)
  if (!panels.length) return { x: 0, y: 0, w, h }
  const lastRowTop = Math.max(...panels.filter((p) => p.grid.y + p.grid.h === bottom).map((p) => p.grid.y))
  for (let x = 0; x + w <= GRID_COLUMNS; x++) {
    const g = { x, y: lastRowTop, w, h }
    if (!panels.some((p) => overlaps(g, p.grid))) return g
  }
  return { x: 0, y: bottom, w, h }
}

/** The CSS grid placement of a panel (1-based lines). */
export function gridStyle(g: GridPos): Record<string, string> {
  return { gridColumn: `${g.x + 1} / span ${g.w}`, gridRow: `${g.y + 1} / span ${g.h}` }
}

/** A panel dropped on another: they change places (each keeps its size), the rest made to fit. */
export function swap(panels: Panel[], dragged: string, target: string): Panel[] {
  const a = panels.find((p) => p.id === dragged)
  const b = panels.find((p) => p.id === target)
  if (!a || !b || a === b) return panels
  const moved = panels.map((p) => {
    if (p.id === a.id) return { ...p, grid: { ...p.grid, x: Math.min(b.grid.x, GRID_COLUMNS - p.grid.w), y: b.grid.y } }
    if (p.id === b.id) return { ...p, grid: { ...p.grid, x: Math.min(a.grid.x, GRID_COLUMNS - p.grid.w), y: a.grid.y } }
    return p
  })
  return settle(moved, a.id)
}
