/**
 * Dashboard variables in expressions: `$ci` and `${ci}` are replaced by the chosen value. Several
 * values become a regex alternative `a|b` (each escaped), and "All" becomes `.+`, so an
 * expression should match variables with `=~"$ci"`; one value is put in as it is (so `="$ci"`
 * works too for a single-value variable). Built-in ones: `$__interval` (the step), `$__rate_interval` (four steps, at least
 * one minute) and `$__range` (the whole range), as PromQL durations.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { DashboardVariable } from './model'
import { formatDuration } from './time'

/** The choice meaning "every value" (URL `var-ci=$__all`). */
export const ALL = '$__all'

/** variable name → chosen values (one for a single-value variable; [ALL] for "All") */
export type VariableValues = Record<string, string[]>

/** A value inside a double-quoted PromQL string. */
export function stringEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
}

/** A value escaped for a regex written inside a double-quoted PromQL string (`a.b` → `a\\.b`). */
export function regexEscape(value: string): string {
  return stringEscape(value.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`))
}

/**
 * Labels whose value lists several codes separated by commas: a CI needed by several business systems carries
 * `business="emr,his-outpatient"`. A variable over such a label offers each code once and matches it anywhere in
 * the list.
 */
export const LIST_LABELS: ReadonlySet<string> = new Set(['business'])

/** A list label's values split into their codes, each once, sorted. */
export function listOptions(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))].sort((a, b) => a.localeCompare(b))
}

/**
 * The text a variable's choice becomes in an expression. For a variable over a list label it is always a regex
 * matching the chosen codes as whole items of the list (`(.*,)?(emr|lis)(,.*)?`), to be used with `=~`.
 */
export function variableText(values: string[] | undefined, listLabel = false): string {
  if (!values || values.length === 0) return ''
  if (values.includes(ALL)) return '.+'
  if (listLabel) return `(.*,)?(${values.map(regexEscape).join('|')})(,.*)?`
  if (values.length === 1) return stringEscape(values[0])
  return values.map(regexEscape).join('|')
}

export interface BuiltIns {
  stepSeconds?: number
  rangeSeconds?: number
}

/**
 * The expression with every known `$name` / `${name}` replaced; unknown names stay as written. `listVariables`
 * names the variables over a list label (see LIST_LABELS).
 */
export function substitute(expr: string, values: VariableValues, builtIns: BuiltIns = {}, listVariables: readonly string[] = []): string {
  const known: Record<string, string> = {}
  for (const [name, v] of Object.entries(values)) known[name] = variableText(v, listVariables.includes(name))
  if (builtIns.stepSeconds) {
    known.__interval = formatDuration(builtIns.stepSeconds)
    known.__rate_interval = formatDuration(Math.max(builtIns.stepSeconds * 4, 60))
  }
  if (builtIns.rangeSeconds) known.__range = formatDuration(builtIns.rangeSeconds)
  return expr.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const name = (braced ?? bare) as string
    return name in known ? known[name] : whole
  })
}

/** The names of the variables over a list label. */
export function listVariableNames(variables: DashboardVariable[]): string[] {
  return variables.filter((v) => LIST_LABELS.has(v.labelName)).map((v) => v.name)
}

/** Names of the variables an expression uses. */
export function usedVariables(expr: string): string[] {
  const out = new Set<string>()
  for (const m of expr.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) out.add(m[1] ?? m[2])
  return [...out]
}

/** Values from the URL (`?var-ci=a&var-ci=b`), only for the dashboard's variables. */
export function valuesFromQuery(query: LocationQuery, variables: DashboardVariable[]): VariableValues {
  const out: VariableValues = {}
  for (const v of variables) {
    const raw = query[`var-${v.name}`]
    const list = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).filter((x): x is string => typeof x === 'string' && x !== '')
    if (list.length) out[v.name] = v.multi ? list : [list[0]]
  }
  return out
}

/** The URL's `var-…` parameters for these values (others in the query are kept). */
export function valuesToQuery(query: LocationQuery, values: VariableValues): LocationQueryRaw {
  const next: LocationQueryRaw = {}
  for (const [k, v] of Object.entries(query)) if (!k.startsWith('var-')) next[k] = v
  for (const [name, list] of Object.entries(values)) {
    if (list.length === 1) next[`var-${name}`] = list[0]
    else if (list.length > 1) next[`var-${name}`] = list
  }
  return next
}

/**
 * The value a variable starts with when the URL says nothing: its default if given (and an
 * option, when the options are known), else All when offered, else the first option.
 */
export function initialValue(v: DashboardVariable, options: string[]): string[] {
  if (v.default) {
    if (v.default === ALL && v.includeAll) return [ALL]
    if (!options.length || options.includes(v.default)) return [v.default]
  }
  if (v.includeAll) return [ALL]
  return options.length ? [options[0]] : []
}

/**
 * The `match[]` selector that lists a variable's options, narrowed by the other variables
 * chosen before it (`up{zone=~"a"}` for the hosts of the chosen zone). "All" narrows nothing.
 */
export function optionsSelector(v: DashboardVariable, all: DashboardVariable[], values: VariableValues): string {
  const metric = v.metric.trim()
  const matchers: string[] = []
  for (const other of all) {
    if (other.name === v.name) break
    const chosen = values[other.name]
    if (!chosen || !chosen.length || chosen.includes(ALL)) continue
    matchers.push(`${other.labelName}=~"${variableText(chosen, LIST_LABELS.has(other.labelName))}"`)
  }
  if (!metric && !matchers.length) return ''
  const isName = /^[A-Za-z_:][A-Za-z0-9_:]*$/.test(metric)
  if (isName) return matchers.length ? `${metric}{${matchers.join(',')}}` : metric
  if (!metric) return `{${matchers.join(',')}}`
  // a selector written out in full ({job="node"}, up{…}): used as written
  return metric
}
