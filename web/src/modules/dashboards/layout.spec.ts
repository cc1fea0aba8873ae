import { describe, expect, it } from 'vitest'
import type { GridPos, Panel } from './model'
import { gridStyle, move, overlaps, placeNew, readingOrder, resize, settle, swap } from './layout'

const panel = (id: string, x: number, y: number, w: number, h: number): Panel => ({ id, title: id, type: 'timeseries', grid: { x, y, w, h }, queries: [], unit: 'none', thresholds: [] })
const grids = (panels: Panel[]) => Object.fromEntries(panels.map((p) => [p.id, p.grid])) as Record<string, GridPos>

function noOverlap(panels: Panel[]) {
  for (const a of panels) for (const b of panels) if (a !== b) expect(overlaps(a.grid, b.grid), `${a.id} overlaps ${b.id}`).toBe(false)
}

describe('settle', () => {
  it('pushes overlapping panels down and floats everything up', () => {
    const result = settle([panel('a', 0, 0, 12, 8), panel('b', 6, 4, 12, 8), panel('c', 0, 30, 24, 4)])
    noOverlap(result)
    expect(grids(result)).toEqual({ a: { x: 0, y: 0, w: 12, h: 8 }, b: { x: 6, y: 8, w: 12, h: 8 }, c: { x: 0, y: 16, w: 24, h: 4 } })
  })

  it('keeps the fixed panel where it was put', () => {
    const result = settle([panel('a', 0, 0, 24, 8), panel('b', 0, 0, 24, 4)], 'b')
    expect(grids(result)).toEqual({ a: { x: 0, y: 4, w: 24, h: 8 }, b: { x: 0, y: 0, w: 24, h: 4 } })
  })

  it('clamps sizes and positions to the grid', () => {
    expect(settle([panel('a', 20, -3, 40, 1)])[0].grid).toEqual({ x: 0, y: 0, w: 24, h: 2 })
  })
})

describe('move', () => {
  const two = [panel('a', 0, 0, 24, 8), panel('b', 0, 8, 24, 6)]

  it('swaps with the panel below or above', () => {
    expect(grids(move(two, 'a', 'down'))).toEqual({ a: { x: 0, y: 6, w: 24, h: 8 }, b: { x: 0, y: 0, w: 24, h: 6 } })
    expect(grids(move(two, 'b', 'up'))).toEqual({ a: { x: 0, y: 6, w: 24, h: 8 }, b: { x: 0, y: 0, w: 24, h: 6 } })
    expect(move(two, 'a', 'up')).toBe(two)
  })

  it('swaps with the neighbour in the row, or shifts by its width', () => {
    const row = [panel('a', 0, 0, 8, 8), panel('b', 8, 0, 16, 8)]
    expect(grids(move(row, 'a', 'right'))).toEqual({ a: { x: 16, y: 0, w: 8, h: 8 }, b: { x: 0, y: 0, w: 16, h: 8 } })
    expect(grids(move(row, 'b', 'left'))).toEqual({ a: { x: 16, y: 0, w: 8, h: 8 }, b: { x: 0, y: 0, w: 16, h: 8 } })
    expect(move([panel('a', 0, 0, 12, 8)], 'a', 'right')[0].grid.x).toBe(12)
    expect(move([panel('a', 12, 0, 12, 8)], 'a', 'right')[0].grid.x).toBe(12)
  })
})

describe('resize and placement', () => {
  it('makes room for a panel that grows', () => {
    const result = resize([panel('a', 0, 0, 12, 8), panel('b', 12, 0, 12, 8)], 'a', { w: 18 })
    noOverlap(result)
    expect(result[0].grid).toEqual({ x: 0, y: 0, w: 18, h: 8 })
    expect(result[1].grid.y).toBe(8)
  })

  it('places a new panel beside the last one when it fits, else below', () => {
    expect(placeNew([])).toEqual({ x: 0, y: 0, w: 12, h: 8 })
    expect(placeNew([panel('a', 0, 0, 12, 8)])).toEqual({ x: 12, y: 0, w: 12, h: 8 })
    expect(placeNew([panel('a', 0, 0, 24, 8)])).toEqual({ x: 0, y: 8, w: 12, h: 8 })
  })

  it('orders panels for a phone and writes CSS grid lines', () => {
    expect(readingOrder([panel('b', 12, 0, 12, 8), panel('c', 0, 8, 24, 8), panel('a', 0, 0, 12, 8)]).map((p) => p.id)).toEqual(['a', 'b', 'c'])
    expect(gridStyle({ x: 0, y: 2, w: 12, h: 8 })).toEqual({ gridColumn: '1 / span 12', gridRow: '3 / span 8' })
  })
})

describe('swap', () => {
  it('exchanges the places of two panels, each keeping its size', () => {
    const result = swap([panel('a', 0, 0, 12, 8), panel('b', 12, 0, 12, 6), panel('c', 0, 8, 24, 4)], 'c', 'a')
    noOverlap(result)
    expect(grids(result).c).toEqual({ x: 0, y: 0, w: 24, h: 4 })
    expect(grids(result).a.y).toBeGreaterThanOrEqual(4)
  })

  it('does nothing for the same panel or an unknown one', () => {
    const two = [panel('a', 0, 0, 12, 8), panel('b', 12, 0, 12, 8)]
    expect(swap(two, 'a', 'a')).toBe(two)
    expect(swap(two, 'a', 'zz')).toBe(two)
    expect(grids(swap(two, 'a', 'b'))).toEqual({ a: { x: 12, y: 0, w: 12, h: 8 }, b: { x: 0, y: 0, w: 12, h: 8 } })
  })
})
