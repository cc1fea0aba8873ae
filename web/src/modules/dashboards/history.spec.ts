import { describe, expect, it } from 'vitest'
import { HISTORY_KEY, HISTORY_LIMIT, clearHistory, pushHistory, readHistory } from './history'

function memory() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m }
}

describe('query history', () => {
  it('keeps the newest first, once each, at most the limit', () => {
    const s = memory()
    pushHistory('up', s)
    pushHistory('node_load1', s)
    expect(pushHistory(' up ', s)).toEqual(['up', 'node_load1'])
    for (let i = 0; i < 40; i++) pushHistory(`q${i}`, s)
    expect(readHistory(s)).toHaveLength(HISTORY_LIMIT)
    expect(readHistory(s)[0]).toBe('q39')
    expect(pushHistory('  ', s)[0]).toBe('q39')
  })

  it('survives a damaged entry and clears', () => {
    const s = memory()
    s.setItem(HISTORY_KEY, '{not json')
    expect(readHistory(s)).toEqual([])
    s.setItem(HISTORY_KEY, JSON.stringify(['a', 3, 'b']))
    expect(readHistory(s)).toEqual(['a', 'b'])
    clearHistory(s)
    expect(readHistory(s)).toEqual([])
    expect(readHistory(null)).toEqual([])
  })
})
