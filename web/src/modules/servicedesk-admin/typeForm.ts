import type { FieldKind, PriorityCell, SlaPolicy, TicketField } from './api'

/** The ticket type editor's field list: added, removed and moved without touching the original. */
export function withFieldAdded(fields: TicketField[]): TicketField[] {
  const taken = new Set(fields.map((f) => f.key))
  let i = fields.length + 1
  while (taken.has(`field${i}`)) i++
  return [...fields, { key: `field${i}`, name: '', nameEn: '', kind: 'text', options: null, required: false }]
}

export function withFieldRemoved(fields: TicketField[], index: number): TicketField[] {
  return fields.filter((_, i) => i !== index)
}

/** Moves a field up (-1) or down (+1); at either end nothing moves. */
export function withFieldMoved(fields: TicketField[], index: number, by: -1 | 1): TicketField[] {
  const to = index + by
  if (to < 0 || to >= fields.length) return fields
  const next = [...fields]
  ;[next[index], next[to]] = [next[to], next[index]]
  return next
}

/** A field's kind changed: a select gets one empty option to fill, other kinds lose their options. */
export function withKind(field: TicketField, kind: FieldKind): TicketField {
  return { ...field, kind, options: kind === 'select' ? (field.options?.length ? field.options : [{ value: '', name: '', nameEn: '' }]) : null }
}

/** The fields as sent: names trimmed, an English name defaulting to the Chinese one, options only on selects. */
export function fieldsToSend(fields: TicketField[]): TicketField[] {
  return fields.map((f) => ({
    key: f.key.trim(),
    name: f.name.trim(),
    nameEn: f.nameEn.trim() || f.name.trim(),
    kind: f.kind,
    options: f.kind === 'select' ? (f.options ?? []).map((o) => ({ value: o.value.trim(), name: o.name.trim(), nameEn: o.nameEn.trim() || o.name.trim() })) : null,
    required: f.required,
  }))
}

/** `fields[2].options` → { index 2, property options }: which row of the editor a server message belongs to. */
export function fieldErrorPlace(path: string): { index: number; property: string } | null {
  const m = /^fields\[(\d+)\](?:\.(\w+))?/.exec(path)
  return m ? { index: Number(m[1]), property: m[2] ?? 'key' } : null
}

/** The 27 cells of the priority matrix as three grids (system level 1–3), each impact × urgency; missing cells read P4. */
export function matrixGrids(cells: PriorityCell[]): number[][][] {
  const at = (i: number, u: number, l: number) => cells.find((c) => c.impact === i && c.urgency === u && c.systemLevel === l)?.priority ?? 4
  return [1, 2, 3].map((l) => [1, 2, 3].map((i) => [1, 2, 3].map((u) => at(i, u, l))))
}

export function gridsToCells(grids: number[][][]): PriorityCell[] {
  return grids.flatMap((grid, l) => grid.flatMap((row, i) => row.map((priority, u) => ({ impact: i + 1, urgency: u + 1, systemLevel: l + 1, priority }))))
}

/** A target in minutes as hours and minutes for the editor, and back (empty = no target). */
export function splitMinutes(minutes: number | null): { hours: number | null; minutes: number | null } {
  if (minutes == null) return { hours: null, minutes: null }
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 }
}

export function joinMinutes(value: { hours: number | null; minutes: number | null }): number | null {
  if (value.hours == null && value.minutes == null) return null
  const total = (value.hours ?? 0) * 60 + (value.minutes ?? 0)
  return total > 0 ? total : null
}

/** A share (0.5) as a whole percentage (50), and back. */
export const toPercent = (share: number) => Math.round(share * 100)
export const fromPercent = (percent: number) => Math.round(percent) / 100

export type TargetKey = 'responseMinutes' | 'responseOutsideMinutes' | 'arrivalMinutes' | 'arrivalOutsideMinutes' | 'resolutionMinutes'
export const TARGETS: TargetKey[] = ['responseMinutes', 'responseOutsideMinutes', 'arrivalMinutes', 'arrivalOutsideMinutes', 'resolutionMinutes']

/** A policy's targets as the editor holds them. */
export function policyTargets(policy: Pick<SlaPolicy, TargetKey> | null): Record<TargetKey, { hours: number | null; minutes: number | null }> {
  return Object.fromEntries(TARGETS.map((k) => [k, splitMinutes(policy?.[k] ?? null)])) as Record<TargetKey, { hours: number | null; minutes: number | null }>
}
