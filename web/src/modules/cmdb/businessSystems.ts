import type { Language } from '@/i18n'
import type { AttributeDef, Ci } from './api'

/** The CI type of business systems. */
export const BUSINESS_TYPE = 'business'

/**
 * How the list is filtered: the API pages and searches by text but has no level filter, so the
 * page fetches the whole type in one request of FETCH_LIMIT (the API's largest page; a hospital
 * has tens of business systems, not thousands) and filters by text and level, sorts and pages
 * locally. Local text search also finds the department and team names, which the server only
 * knows as codes. Only when a type outgrows one request does the text go to the server as
 * `query` (the level is still filtered locally, on the rows that came back).
 */
export const FETCH_LIMIT = 500

/** Attributes whose values are org-unit codes (GET /org-units), shown as the unit's name. */
export const ORG_UNIT_ATTRIBUTES: readonly string[] = ['department', 'team']

export const LEVEL_ATTRIBUTE = 'level'

/** The attributes shown when the type's schema is not available (the labels then come from the locale files). */
export const DEFAULT_ATTRIBUTES: readonly string[] = [LEVEL_ATTRIBUTE, 'department', 'team', 'vendor', 'database']

export interface AttributeColumn {
  name: string
  label: string
}

/**
 * One column per attribute of the type's schema, labelled in the current language; so an attribute
 * the server adds later shows up without a change here. Without a schema, DEFAULT_ATTRIBUTES.
 */
export function attributeColumns(schema: readonly AttributeDef[] | undefined, language: Language, fallbackLabel: (name: string) => string): AttributeColumn[] {
  if (!schema?.length) {
    return DEFAULT_ATTRIBUTES.map((name) => ({ name, label: fallbackLabel(name) }))
  }
  return schema.map((a) => ({
    name: a.name,
    label: (language === 'en-US' ? a.labelEn || a.labelZh : a.labelZh || a.labelEn) || fallbackLabel(a.name),
  }))
}

/** The level values to offer in the filter: the schema's enum values, else 1, 2, 3. */
export function levelOptions(schema: readonly AttributeDef[] | undefined): string[] {
  const values = schema?.find((a) => a.name === LEVEL_ATTRIBUTE)?.values
  return values?.length ? [...values] : ['1', '2', '3']
}

export interface OrgUnitName {
  code: string
  nameZh: string
  nameEn: string
}

/** code → the unit's name in the language; an unknown code is shown as it is. */
export function orgUnitResolver(units: readonly OrgUnitName[], language: Language): (code: string) => string {
  const byCode = new Map(units.map((u) => [u.code, u]))
  return (code) => {
    const unit = byCode.get(code)
    if (!unit) {
      return code
    }
    return (language === 'en-US' ? unit.nameEn || unit.nameZh : unit.nameZh || unit.nameEn) || code
  }
}

/** An attribute value as text ('' when absent). */
export function attributeText(value: unknown): string {
  if (value === null || value === undefined) {
    return ''
  }
  if (Array.isArray(value)) {
    return value.map(attributeText).filter(Boolean).join(', ')
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** What a cell shows: org-unit codes become names, everything else is its text. */
export function displayValue(name: string, value: unknown, unitName: (code: string) => string): string {
  const text = attributeText(value)
  return text && ORG_UNIT_ATTRIBUTES.includes(name) ? unitName(text) : text
}

export interface SystemFilter {
  /** matched, case-insensitively, in the name, the code and every attribute (as code and as shown) */
  text: string
  /** '' = any level */
  level: string
}

export function levelOf(ci: Ci): string {
  return attributeText(ci.attributes[LEVEL_ATTRIBUTE])
}

export function filterSystems(items: readonly Ci[], filter: SystemFilter, unitName: (code: string) => string): Ci[] {
  const needle = filter.text.trim().toLowerCase()
  return items.filter((ci) => {
    if (filter.level && levelOf(ci) !== filter.level) {
      return false
    }
    if (!needle) {
      return true
    }
    const haystack = [ci.name, ci.code, ...Object.entries(ci.attributes).flatMap(([name, value]) => [attributeText(value), displayValue(name, value, unitName)])]
    return haystack.some((s) => s.toLowerCase().includes(needle))
  })
}

/** Core systems first: by level (1 before 2 before 3, none last), then by code. */
export function sortSystems(items: readonly Ci[]): Ci[] {
  const rank = (ci: Ci) => {
    const n = Number.parseInt(levelOf(ci), 10)
    return Number.isNaN(n) ? Number.MAX_SAFE_INTEGER : n
  }
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** The rows of one page (1-based). */
export function pageSlice<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const start = (Math.max(1, page) - 1) * pageSize
  return items.slice(start, start + pageSize)
}

/** Level 1 (core: HIS, EMR, LIS, PACS, emergency, ICU) stands out as danger. */
export function levelTagType(level: string): 'danger' | 'warning' | 'info' {
  return level === '1' ? 'danger' : level === '2' ? 'warning' : 'info'
}
