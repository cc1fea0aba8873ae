/**
 * Prometheus results (the `data` of query and query_range) turned into what charts and tables
 * draw: a series' name from a legend template (`{{instance}} {{mode}}`), points in
 * milliseconds with gaps where samples are missing, and a cap on how many series are drawn.
 */
export type Labels = Record<string, string>

/** [unix seconds, "value"] as Prometheus sends it */
export type PromPoint = [number, string]

export interface MatrixSeries {
  metric: Labels
  values: PromPoint[]
}

export interface VectorSample {
  metric: Labels
  value: PromPoint
}

export type PromData =
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'scalar'; result: PromPoint }
  | { resultType: 'string'; result: PromPoint }

export const DEFAULT_SERIES_LIMIT = 50

/** A drawn series: its name, its labels, and [ms, value | null] points. */
export interface ChartSeries {
  name: string
  labels: Labels
  points: [number, number | null][]
}

/** `"1.5"` → 1.5; `NaN`, `+Inf`, `-Inf` as JavaScript reads them. */
export function sampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

/** `up{instance="a:9100", job="node"}`, labels in name order (the series' default name). */
export function seriesSelector(labels: Labels): string {
  const name = labels.__name__ ?? ''
  const rest = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${labels[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
  return rest.length ? `${name}{${rest.join(', ')}}` : name || '{}'
}

/**
 * A legend template filled from the labels: `{{instance}}` → the label's value (empty when the
 * series lacks it). No template: the series' selector.
 */
export function legendName(labels: Labels, template?: string): string {
  if (!template || !template.trim()) return seriesSelector(labels)
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '')
}

/**
 * Points of one series in milliseconds. Where samples are missing for longer than twice the
 * step a null is put in, so the line breaks instead of joining across the hole.
 */
export function toPoints(values: PromPoint[], stepSeconds?: number): [number, number | null][] {
  const out: [number, number | null][] = []
  let previous: number | null = null
  for (const [t, v] of values) {
    if (stepSeconds && previous !== null && t - previous > stepSeconds * 2) {
      out.push([Math.round((previous + stepSeconds) * 1000), null])
    }
    const n = sampleValue(v)
    out.push([Math.round(t * 1000), Number.isFinite(n) ? n : null])
    previous = t
  }
  return out
}

export interface SeriesSet {
  series: ChartSeries[]
  /** how many series the result had before the cap */
  total: number
}

/** A query_range result as series, at most `limit` of them, each named by the legend template. */
export function matrixToSeries(result: MatrixSeries[], legend?: string, stepSeconds?: number, limit = DEFAULT_SERIES_LIMIT): SeriesSet {
  return {
    total: result.length,
    series: result.slice(0, Math.max(0, limit)).map((s) => ({ name: legendName(s.metric, legend), labels: s.metric, points: toPoints(s.values, stepSeconds) })),
  }
}

/** One row of an instant result: its name, labels, time and value. */
export interface InstantRow {
  name: string
  labels: Labels
  /** ms */
  time: number
  value: number
}

/** Any instant result (vector, scalar, string) as rows; a matrix gives its last point per series. */
export function instantRows(data: PromData, legend?: string): InstantRow[] {
  switch (data.resultType) {
    case 'vector':
      return data.result.map((s) => ({ name: legendName(s.metric, legend), labels: s.metric, time: s.value[0] * 1000, value: sampleValue(s.value[1]) }))
    case 'matrix':
      return data.result
        .filter((s) => s.values.length)
        .map((s) => {
          const last = s.values[s.values.length - 1]
          return { name: legendName(s.metric, legend), labels: s.metric, time: last[0] * 1000, value: sampleValue(last[1]) }
        })
    case 'scalar':
    case 'string':
      return [{ name: data.resultType, labels: {}, time: data.result[0] * 1000, value: sampleValue(data.result[1]) }]
  }
}

/** The last non-null value of a series (a stat panel's number), or null. */
export function lastValue(points: [number, number | null][]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i][1]
    if (v !== null) return v
  }
  return null
}

/** Label names over all rows, `__name__` first, then by name: the columns of a result table. */
export function labelColumns(rows: { labels: Labels }[]): string[] {
  const names = new Set<string>()
  for (const r of rows) for (const k of Object.keys(r.labels)) names.add(k)
  const list = [...names].filter((n) => n !== '__name__').sort()
  return names.has('__name__') ? ['__name__', ...list] : list
}
