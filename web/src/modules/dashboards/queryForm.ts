/**
 * The query form's PromQL: a metric with label filters, optionally `rate(…[range])`, optionally
 * aggregated (`sum by (ci) (…)`). The form is kept with the panel so it can be edited again; the
 * expression is what runs.
 */
import type { QueryForm } from './model'
import { formatDuration } from './time'

/** A label value inside a PromQL double-quoted string. */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/** Whether a value is a dashboard variable reference (kept as written, never escaped). */
function isVariable(value: string): boolean {
  return /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(value)
}

export function selectorOf(form: Pick<QueryForm, 'metric' | 'filters'>): string {
  const filters = form.filters
    .filter((f) => f.label.trim())
    .map((f) => `${f.label.trim()}${f.op}${isVariable(f.value) ? `"${f.value}"` : quoteValue(f.value)}`)
  const metric = form.metric.trim()
  if (!filters.length) return metric || '{}'
  return `${metric}{${filters.join(', ')}}`
}

/** The PromQL the form describes. */
export function formToPromQL(form: QueryForm): string {
  let expr = selectorOf(form)
  if (form.rate) {
    const range = form.rangeSeconds && form.rangeSeconds > 0 ? formatDuration(form.rangeSeconds) : '$__rate_interval'
    expr = `rate(${expr}[${range}])`
  }
  if (form.aggregation !== 'none') {
    const by = form.by.map((b) => b.trim()).filter(Boolean)
    expr = `${form.aggregation}${by.length ? ` by (${by.join(', ')})` : ''} (${expr})`
  }
  return expr
}

/** A new form: the metric, filtered by the dashboard's `ci` variable when it has one. */
export function emptyForm(variableNames: string[] = []): QueryForm {
  return {
    metric: '',
    filters: variableNames.includes('ci') ? [{ label: 'ci', op: '=~', value: '$ci' }] : [],
    aggregation: 'none',
    by: [],
    rate: false,
  }
}

/** Counters are usually drawn as a rate: metric names that say they count. */
export function looksLikeCounter(metric: string): boolean {
  return /_(total|count|sum|seconds_total|bytes_total)$/.test(metric)
}
