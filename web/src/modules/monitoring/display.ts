import { currentLanguage, messages } from '@/i18n'
import { formatSeconds, formatValue } from './model'

/** A sample's value in the current language's units. */
export function valueText(metric: string, value: number | null | undefined): string {
  return formatValue(metric, value, messages[currentLanguage.value].duration)
}

/** Seconds in words: `250 ms`, `30 s`, `5分` / `5 min`. */
export function secondsText(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '' : formatSeconds(seconds, messages[currentLanguage.value].duration)
}
