/**
 * The model editor's logic: attribute rows of the type dialog and what may change once CIs of the
 * type exist; the "any type" choice of a relation type's source and target lists.
 */
import { ANY_TYPE, type AttributeDef, type RelationType } from './api'

let nextKey = 1

/** An attribute as the type dialog edits it (a local key keeps rows apart while names change). */
export interface AttributeRow {
  key: number
  name: string
  labelZh: string
  labelEn: string
  type: string
  required: boolean
  unique: boolean
  values: string[]
  refType: string
}

export function attributeRow(a?: AttributeDef): AttributeRow {
  return {
    key: nextKey++,
    name: a?.name ?? '',
    labelZh: a?.labelZh ?? '',
    labelEn: a?.labelEn ?? '',
    type: a?.type ?? 'text',
    required: !!a?.required,
    unique: !!a?.unique,
    values: [...(a?.values ?? [])],
    refType: a?.refType ?? '',
  }
}

/** The schema to send: values only for enums, refType only for refs; rows in the order shown (errors come back by index). */
export function rowsToSchema(rows: readonly AttributeRow[]): AttributeDef[] {
  return rows.map((r) => {
    const def: AttributeDef = {
      name: r.name.trim(),
      labelZh: r.labelZh.trim(),
      labelEn: r.labelEn.trim(),
      type: r.type,
      required: r.required,
      unique: r.type === 'secret' ? false : r.unique,
    }
    if (r.type === 'enum') def.values = r.values.map((v) => v.trim()).filter(Boolean)
    if (r.type === 'ref' && r.refType) def.refType = r.refType
    return def
  })
}

/** The server's error keys for the attribute table: attributeSchema[i].name, .type, … */
export function schemaErrorKeys(count: number): string[] {
  const fields = ['name', 'labelZh', 'labelEn', 'type', 'values', 'refType', 'required', 'unique']
  return Array.from({ length: count }, (_, i) => fields.map((f) => `attributeSchema[${i}].${f}`)).flat()
}

export interface AttributeLocks {
  name: boolean
  type: boolean
  /** may not become required (it may stop being required) */
  required: boolean
  remove: boolean
}

/**
 * While CIs of the type exist, an attribute it already had cannot be removed, renamed or retyped,
 * and cannot become required; new rows and labels are free.
 */
export function lockedAttribute(row: Pick<AttributeRow, 'name' | 'required'>, original: readonly AttributeDef[], inUse: boolean): AttributeLocks {
  const before = original.find((a) => a.name === row.name)
  if (!inUse || !before) return { name: false, type: false, required: false, remove: false }
  return { name: true, type: true, required: !before.required, remove: true }
}

/** A relation type's source or target list as the dialog shows it: "any" or some types. */
export interface TypeListChoice {
  any: boolean
  types: string[]
}

export function typeListChoice(list: readonly string[] | undefined): TypeListChoice {
  const l = list ?? [ANY_TYPE]
  return l.includes(ANY_TYPE) || l.length === 0 ? { any: true, types: [] } : { any: false, types: [...l] }
}

export function typeListValue(choice: TypeListChoice): string[] {
  return choice.any ? [ANY_TYPE] : [...choice.types]
}

/** Built-in relation types: only the names (both ways, both languages) can change. */
export function relationTypeLocked(rt: Pick<RelationType, 'builtin'> | null): boolean {
  return !!rt?.builtin
}
