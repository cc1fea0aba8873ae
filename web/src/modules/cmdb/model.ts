/**
 * The CMDB model as the pages use it: attribute schemas turned into form fields and shown values,
 * types grouped by layer, relation types that fit a CI's type, and a CI's relations read as
 * "provides X / consumes Y", maintainers and history. Pure functions, no Vue, no HTTP.
 */
import type { Language } from '@/i18n'
import { ANY_TYPE, SECRET_MASK, type AttributeDef, type Ci, type CiType, type Relation, type RelationType } from './api'

/** A bilingual label in the language (the other language, then `fallback`, when empty). */
export function bilingual(zh: string | null | undefined, en: string | null | undefined, language: Language, fallback = ''): string {
  return (language === 'en-US' ? en || zh : zh || en) || fallback
}

export function attributeLabel(def: Pick<AttributeDef, 'name' | 'labelZh' | 'labelEn'>, language: Language): string {
  return bilingual(def.labelZh, def.labelEn, language, def.name)
}

export function typeName(type: Pick<CiType, 'code' | 'nameZh' | 'nameEn'> | undefined | null, language: Language, code = ''): string {
  return type ? bilingual(type.nameZh, type.nameEn, language, type.code) : code
}

// ---------------------------------------------------------------------------------------------
// Schema → form

/** The widget an attribute is edited with. */
export type FieldKind = 'input' | 'number' | 'select' | 'date' | 'ip' | 'ci' | 'orgUnit' | 'password'

const KINDS: Record<string, FieldKind> = {
  text: 'input',
  number: 'number',
  enum: 'select',
  date: 'date',
  ip: 'ip',
  ref: 'ci',
  person: 'ci',
  orgUnit: 'orgUnit',
  secret: 'password',
}

/** text → input, number → number input, enum → select, … ; an unknown kind is edited as text. */
export function fieldKind(type: string): FieldKind {
  return KINDS[type] ?? 'input'
}

export interface FormField {
  name: string
  /** the key of the server's field error: attributes.<name> */
  errorKey: string
  label: string
  kind: FieldKind
  required: boolean
  unique: boolean
  /** select: the enum's values */
  options: string[]
  /** ci: the type the referenced CI must have (person for person attributes; null = any type) */
  ciType: string | null
}

export function formFields(schema: readonly AttributeDef[], language: Language): FormField[] {
  return schema.map((a) => ({
    name: a.name,
    errorKey: `attributes.${a.name}`,
    label: attributeLabel(a, language),
    kind: fieldKind(a.type),
    required: !!a.required,
    unique: !!a.unique,
    options: a.type === 'enum' ? [...(a.values ?? [])] : [],
    ciType: a.type === 'person' ? 'person' : a.type === 'ref' ? a.refType || null : null,
  }))
}

/** What a form field holds: text, a number, a CI id, or nothing. */
export type FormValue = string | number | null

export interface FormState {
  values: Record<string, FormValue>
  /** secrets the CI has stored (shown as the ****** placeholder; left empty they are kept) */
  storedSecrets: string[]
}

/** The form's starting values: a new CI's are empty; a stored secret starts empty with its mask as placeholder. */
export function formState(schema: readonly AttributeDef[], attributes: Record<string, unknown> | undefined): FormState {
  const values: Record<string, FormValue> = {}
  const storedSecrets: string[] = []
  for (const a of schema) {
    const v = attributes?.[a.name]
    const kind = fieldKind(a.type)
    if (kind === 'password') {
      if (v !== undefined && v !== null && v !== '') storedSecrets.push(a.name)
      values[a.name] = ''
    } else if (v === undefined || v === null || v === '') {
      values[a.name] = kind === 'number' || kind === 'ci' ? null : ''
    } else if (kind === 'number' || kind === 'ci') {
      const n = typeof v === 'number' ? v : Number(v)
      values[a.name] = Number.isFinite(n) ? n : String(v)
    } else {
      values[a.name] = String(v)
    }
  }
  return { values, storedSecrets }
}

/**
 * The `attributes` to send: empty fields are left out (the server then has no value); a stored
 * secret left empty is sent as its mask, which keeps it, unless it was cleared on purpose.
 */
export function attributesPayload(schema: readonly AttributeDef[], state: FormState, clearedSecrets: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const a of schema) {
    const v = state.values[a.name]
    const empty = v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
    if (fieldKind(a.type) === 'password') {
      if (!empty) out[a.name] = v
      else if (state.storedSecrets.includes(a.name) && !clearedSecrets.includes(a.name)) out[a.name] = SECRET_MASK
      continue
    }
    if (empty) continue
    out[a.name] = typeof v === 'string' ? v.trim() : v
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Showing values

/** An attribute value as text ('' when absent). */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(valueText).filter(Boolean).join(', ')
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** The CI id a ref/person value points to, or null. */
export function refId(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN
  return Number.isInteger(n) && n > 0 ? n : null
}

export interface ValueResolvers {
  unitName: (code: string) => string
  /** a CI's name by id, or undefined while not known */
  ciName: (id: number) => string | undefined
}

/** What a cell shows: org-unit codes as unit names, references as the CI's name, everything else as its text. */
export function displayAttribute(def: Pick<AttributeDef, 'type'> | undefined, value: unknown, resolvers: ValueResolvers): string {
  const text = valueText(value)
  if (!text || !def) return text
  if (def.type === 'orgUnit') return resolvers.unitName(text)
  if (def.type === 'ref' || def.type === 'person') {
    const id = refId(value)
    return id === null ? text : (resolvers.ciName(id) ?? `#${id}`)
  }
  return text
}

/** The ids of the CIs that the ref/person attributes of these CIs point to. */
export function referencedIds(schema: readonly AttributeDef[], cis: readonly Pick<Ci, 'attributes'>[]): number[] {
  const refs = schema.filter((a) => a.type === 'ref' || a.type === 'person').map((a) => a.name)
  const ids = new Set<number>()
  for (const ci of cis) {
    for (const name of refs) {
      const id = refId(ci.attributes[name])
      if (id !== null) ids.add(id)
    }
  }
  return [...ids]
}

/** The enum attributes: the CI browser offers a filter for each. */
export function enumAttributes(schema: readonly AttributeDef[]): AttributeDef[] {
  return schema.filter((a) => a.type === 'enum' && (a.values?.length ?? 0) > 0)
}

// ---------------------------------------------------------------------------------------------
// Types by layer

export interface LayerGroup<T> {
  layer: string
  types: T[]
}

/** Types in the layers' order (a layer without types is left out; an unknown layer comes last). */
export function groupByLayer<T extends Pick<CiType, 'layer'>>(types: readonly T[], layers: readonly string[]): LayerGroup<T>[] {
  const order = [...layers, ...types.map((t) => t.layer).filter((l) => !layers.includes(l))]
  const groups: LayerGroup<T>[] = []
  for (const layer of new Set(order)) {
    const inLayer = types.filter((t) => t.layer === layer)
    if (inLayer.length) groups.push({ layer, types: inLayer })
  }
  return groups
}

// ---------------------------------------------------------------------------------------------
// Relations

export type Direction = 'outgoing' | 'incoming'

/** Whether a type list (sourceTypes / targetTypes) admits a CI type; "*" admits all. */
export function admits(list: readonly string[], type: string): boolean {
  return list.includes(ANY_TYPE) || list.includes(type)
}

/** A relation a CI of some type can take part in: as the source (outgoing) or the target (incoming). */
export interface RelationChoice {
  key: string
  type: RelationType
  direction: Direction
  /** the types the CI at the other end may have; [] = any */
  otherTypes: string[]
}

/**
 * The relation types valid for a CI of this type, once per direction it may take: outgoing when its
 * type may be a source, incoming when it may be a target (depends-on fits both ways, provides only
 * outgoing from an application and only incoming to an interface).
 */
export function relationChoices(relationTypes: readonly RelationType[], ciType: string): RelationChoice[] {
  const out: RelationChoice[] = []
  for (const rt of relationTypes) {
    if (admits(rt.sourceTypes, ciType)) {
      out.push({ key: `${rt.code}:outgoing`, type: rt, direction: 'outgoing', otherTypes: rt.targetTypes.includes(ANY_TYPE) ? [] : [...rt.targetTypes] })
    }
    if (admits(rt.targetTypes, ciType)) {
      out.push({ key: `${rt.code}:incoming`, type: rt, direction: 'incoming', otherTypes: rt.sourceTypes.includes(ANY_TYPE) ? [] : [...rt.sourceTypes] })
    }
  }
  return out
}

/** A relation as seen from one of its CIs: its name in that direction, the CI at the other end. */
export function relationLabel(rt: Pick<RelationType, 'code' | 'nameZh' | 'nameEn' | 'inverseZh' | 'inverseEn'> | undefined, direction: Direction, language: Language, code = ''): string {
  if (!rt) return code
  return direction === 'outgoing' ? bilingual(rt.nameZh, rt.nameEn, language, rt.code) : bilingual(rt.inverseZh, rt.inverseEn, language, rt.code)
}

/** A relation with the other end picked out, for lists. */
export interface RelationView {
  relation: Relation
  direction: Direction
  type: string
  otherId: number
  otherName: string
  otherType: string
  /** backs-up: hot or cold */
  mode: string | null
}

export function relationView(relation: Relation, direction: Direction): RelationView {
  const outgoing = direction === 'outgoing'
  return {
    relation,
    direction,
    type: relation.type,
    otherId: outgoing ? relation.targetId : relation.sourceId,
    otherName: outgoing ? relation.targetName : relation.sourceName,
    otherType: outgoing ? relation.targetType : relation.sourceType,
    mode: typeof relation.attributes?.mode === 'string' ? relation.attributes.mode : null,
  }
}

export interface RelationsLike {
  outgoing: readonly Relation[]
  incoming: readonly Relation[]
}

export function allRelationViews(relations: RelationsLike): RelationView[] {
  return [...relations.outgoing.map((r) => relationView(r, 'outgoing')), ...relations.incoming.map((r) => relationView(r, 'incoming'))]
}

export const INTERFACE_RELATIONS: readonly string[] = ['provides', 'consumes']
export const MAINTAINS = 'maintains'
export const DESCRIBES = 'describes'

/** The provides / consumes relations in both directions: "provides X / consumes Y" (or, for an interface, who provides and consumes it). */
export function interfaceRelations(relations: RelationsLike): RelationView[] {
  const order = (v: RelationView) => (v.direction === 'outgoing' ? 0 : 2) + INTERFACE_RELATIONS.indexOf(v.type)
  return allRelationViews(relations)
    .filter((v) => INTERFACE_RELATIONS.includes(v.type))
    .sort((a, b) => order(a) - order(b) || a.otherName.localeCompare(b.otherName))
}

/** Whether a CI of this type can provide or consume interfaces, or is one (the interfaces tab is shown then). */
export function takesPartInInterfaces(relationTypes: readonly RelationType[], ciType: string): boolean {
  return relationTypes.some((rt) => INTERFACE_RELATIONS.includes(rt.code) && (admits(rt.sourceTypes, ciType) || admits(rt.targetTypes, ciType)))
}

/** Who maintains this CI: the sources of its incoming maintains relations. */
export function maintainers(relations: RelationsLike): RelationView[] {
  return relations.incoming.filter((r) => r.type === MAINTAINS).map((r) => relationView(r, 'incoming'))
}

/** The documents about this CI (contingency plans, contracts): the sources of its incoming describes relations. */
export function documents(relations: RelationsLike): RelationView[] {
  return relations.incoming.filter((r) => r.type === DESCRIBES).map((r) => relationView(r, 'incoming'))
}

/** Whether a relation type needs a standby mode (hot/cold): the backs-up kind. */
export function needsMode(rt: Pick<RelationType, 'availability'> | undefined): boolean {
  return rt?.availability === 'backup'
}

// ---------------------------------------------------------------------------------------------
// History

export type HistoryFieldKind = 'code' | 'name' | 'attribute' | 'relation' | 'other'

/** A history change's field: code, name, attributes.<name>, relation.<type>. */
export function historyField(field: string): { kind: HistoryFieldKind; name: string } {
  if (field === 'code' || field === 'name') return { kind: field, name: field }
  if (field.startsWith('attributes.')) return { kind: 'attribute', name: field.slice('attributes.'.length) }
  if (field.startsWith('relation.')) return { kind: 'relation', name: field.slice('relation.'.length) }
  return { kind: 'other', name: field }
}
