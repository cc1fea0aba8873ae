/**
 * The CI browser's column chooser: code and name are always shown; each attribute of the type
 * can be hidden. The choice is remembered per type in localStorage as the hidden attributes, so an
 * attribute the type gains later shows up until someone hides it. Secrets (always "******") are
 * hidden until someone shows them.
 */
import type { AttributeDef } from './api'

export const COLUMNS_KEY_PREFIX = 'hops.cmdb.columns.'

export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

function defaultStorage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

export function columnsKey(type: string): string {
  return `${COLUMNS_KEY_PREFIX}${type}`
}

/** Hidden by default: the secrets. */
export function defaultHidden(schema: readonly AttributeDef[]): string[] {
  return schema.filter((a) => a.type === 'secret').map((a) => a.name)
}

/** The attributes hidden for this type: the stored choice, else the default. */
export function loadHidden(type: string, schema: readonly AttributeDef[], storage: StorageLike | null = defaultStorage()): string[] {
  try {
    const raw = storage?.getItem(columnsKey(type))
    if (raw) {
      const parsed: unknown = JSON.parse(raw)
      if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { hidden?: unknown }).hidden)) {
        return (parsed as { hidden: unknown[] }).hidden.filter((x): x is string => typeof x === 'string')
      }
    }
  } catch {
    // unreadable or not JSON: the default
  }
  return defaultHidden(schema)
}

export function saveHidden(type: string, hidden: readonly string[], storage: StorageLike | null = defaultStorage()): void {
  try {
    storage?.setItem(columnsKey(type), JSON.stringify({ hidden: [...new Set(hidden)].sort() }))
  } catch {
    // private mode or full: the choice lasts for this page only
  }
}

/** Forgets the choice (back to the default). */
export function resetHidden(type: string, storage: StorageLike | null = defaultStorage()): void {
  try {
    storage?.removeItem(columnsKey(type))
  } catch {
    // nothing stored
  }
}

/** The attributes shown, in the schema's order. */
export function shownAttributes(schema: readonly AttributeDef[], hidden: readonly string[]): AttributeDef[] {
  return schema.filter((a) => !hidden.includes(a.name))
}

/** Hidden list after the chooser's checkboxes: every attribute not checked. */
export function hiddenFromShown(schema: readonly AttributeDef[], shown: readonly string[]): string[] {
  return schema.map((a) => a.name).filter((n) => !shown.includes(n))
}
