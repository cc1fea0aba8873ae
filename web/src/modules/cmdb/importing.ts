/**
 * The import wizard's logic: the header a file needs, the server's row errors with field labels,
 * and when the real import may run (only after a clean dry run of the same file).
 */
import type { Language } from '@/i18n'
import type { AttributeDef, ImportResult, ImportRowError } from './api'
import { attributeLabel } from './model'

export interface HeaderColumn {
  /** what the header cell may say: the name (or the label) */
  name: string
  label: string
  required: boolean
}

/** code, name, then the type's attributes; `code` and `name` are labelled by the caller's words. */
export function expectedHeader(schema: readonly AttributeDef[], language: Language, words: { code: string; name: string }): HeaderColumn[] {
  return [
    { name: 'code', label: words.code, required: true },
    { name: 'name', label: words.name, required: true },
    ...schema.map((a) => ({ name: a.name, label: attributeLabel(a, language), required: !!a.required })),
  ]
}

/** The header line of a CSV template: the names, comma-separated. */
export function headerLine(columns: readonly HeaderColumn[]): string {
  return columns.map((c) => c.name).join(',')
}

export interface ImportErrorRow {
  row: number
  field: string | null
  /** the field as the user knows it: 编码, 名称, an attribute's label, or an unknown column's text */
  fieldLabel: string
  code: string
  message: string
}

/**
 * The server's errors with the field named in the user's words: code and name, an attribute by its
 * label (its name when the schema does not know it, as for an unknown header column), '' for a
 * problem of the whole row or file. Sorted by row, then as the server listed them.
 */
export function importErrorRows(errors: readonly ImportRowError[], schema: readonly AttributeDef[], language: Language, words: { code: string; name: string }): ImportErrorRow[] {
  const byName = new Map(schema.map((a) => [a.name, a]))
  const label = (field: string | null) => {
    if (!field) return ''
    if (field === 'code') return words.code
    if (field === 'name') return words.name
    const def = byName.get(field)
    return def ? attributeLabel(def, language) : field
  }
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.row - b.e.row || a.i - b.i)
    .map(({ e }) => ({ row: e.row, field: e.field, fieldLabel: label(e.field), code: e.code, message: e.message }))
}

/** The rows (by their number in the file) that have at least one error. */
export function badRows(errors: readonly ImportRowError[]): number[] {
  return [...new Set(errors.map((e) => e.row))].sort((a, b) => a - b)
}

export type ImportOutcome = { kind: 'errors'; rows: number; badRows: number; errors: number } | { kind: 'ok'; rows: number; created: number; updated: number }

export function importOutcome(result: ImportResult): ImportOutcome {
  if (result.errors.length) {
    return { kind: 'errors', rows: result.rows, badRows: badRows(result.errors).length, errors: result.errors.length }
  }
  return { kind: 'ok', rows: result.rows, created: result.created, updated: result.updated }
}

/** The real import may run only after a dry run without errors that found rows to import. */
export function canImport(dryRun: ImportResult | null): boolean {
  return !!dryRun && dryRun.dryRun && dryRun.errors.length === 0 && dryRun.rows > 0
}

/** Files the wizard accepts: CSV and XLSX, by their name. */
export function acceptedFile(name: string): boolean {
  return /\.(csv|xlsx)$/i.test(name)
}
