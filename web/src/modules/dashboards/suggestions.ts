/**
 * Names for autocomplete, asked once per page life and kept: metric names, label names (of one
 * metric, or all), label values (of one label, optionally within one metric). A failed lookup is
 * forgotten so the next keystroke asks again.
 */
import { promApi } from './promApi'

const cache = new Map<string, Promise<string[]>>()

function remembered(key: string, load: () => Promise<string[]>): Promise<string[]> {
  let p = cache.get(key)
  if (!p) {
    p = load().then(
      (list) => [...list].sort(),
      (e: unknown) => {
        cache.delete(key)
        throw e
      },
    )
    cache.set(key, p)
  }
  return p
}

export function metricNames(): Promise<string[]> {
  return remembered('metrics', () => promApi.labelValues('__name__'))
}

export function labelNames(metric = ''): Promise<string[]> {
  return remembered(`labels:${metric}`, () => promApi.labels(metric ? [metric] : [])).then((l) => l.filter((n) => n !== '__name__'))
}

export function labelValues(label: string, match = ''): Promise<string[]> {
  return remembered(`values:${label}:${match}`, () => promApi.labelValues(label, match ? [match] : []))
}

/** Forget everything (after new targets start reporting). */
export function forgetSuggestions(): void {
  cache.clear()
}
