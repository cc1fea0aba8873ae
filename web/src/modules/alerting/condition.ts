/**
 * The rule form's condition, for engineers who do not write PromQL: a metric, label filters, a comparison and a
 * threshold become `metric{a="x"} > 85`; a recovery threshold becomes the recovery condition with the opposite
 * comparison (`metric{a="x"} < 80`), so the alert resolves only once the value is back past it.
 */
export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!='

export const COMPARISONS: Comparison[] = ['>', '>=', '<', '<=', '==', '!=']

export interface ConditionForm {
  metric: string
  filters: { name: string; value: string }[]
  comparison: Comparison
  threshold: number | null
  recoveryThreshold: number | null
}

const OPPOSITE: Record<Comparison, Comparison | null> = { '>': '<', '>=': '<', '<': '>', '<=': '>', '==': null, '!=': null }

/** A PromQL string literal: backslashes and double quotes escaped, newlines written as \n. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

export function selector(form: Pick<ConditionForm, 'metric' | 'filters'>): string {
  const filters = form.filters.filter((f) => f.name.trim()).map((f) => `${f.name.trim()}=${quote(f.value)}`)
  return `${form.metric.trim()}${filters.length ? `{${filters.join(', ')}}` : ''}`
}

export function condition(form: ConditionForm): string {
  return form.threshold === null ? selector(form) : `${selector(form)} ${form.comparison} ${form.threshold}`
}

/** The recovery condition, or null when there is no recovery threshold (or the comparison has no opposite). */
export function recovery(form: ConditionForm): string | null {
  const opposite = OPPOSITE[form.comparison]
  if (form.recoveryThreshold === null || opposite === null) return null
  return `${selector(form)} ${opposite} ${form.recoveryThreshold}`
}
