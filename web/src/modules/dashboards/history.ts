/** The Explore page's recent queries, newest first, kept in this browser (localStorage). */
export const HISTORY_KEY = 'hops.explore.history'
export const HISTORY_LIMIT = 30

interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

function storage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

export function readHistory(store: StorageLike | null = storage()): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(HISTORY_KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, HISTORY_LIMIT) : []
  } catch {
    return []
  }
}

/** Adds a query at the top (once: an earlier copy moves up) and returns the new list. */
export function pushHistory(query: string, store: StorageLike | null = storage()): string[] {
  const q = query.trim()
  const list = readHistory(store)
  if (!q) return list
  const next = [q, ...list.filter((x) => x !== q)].slice(0, HISTORY_LIMIT)
  try {
    store?.setItem(HISTORY_KEY, JSON.stringify(next))
  } catch {
    // storage full or private mode: history lasts for this page only
  }
  return next
}

export function clearHistory(store: StorageLike | null = storage()): void {
  try {
    store?.removeItem(HISTORY_KEY)
  } catch {
    // nothing kept anyway
  }
}
