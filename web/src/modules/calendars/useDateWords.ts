import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { DateWords } from './holidays'

/** How the calendar writes dates in the chosen language (`2月15日`, `Feb 15`). */
export function useDateWords(): ComputedRef<DateWords> {
  const { t, tm } = useI18n()
  return computed<DateWords>(() => {
    const short = tm('calendars.monthsShort') as unknown as string[]
    return { monthDay: (m, d) => t('calendars.monthDay', { month: short[m - 1], d }), dayOnly: (d) => t('calendars.dayOnly', { d }), separator: t('calendars.separator') }
  })
}
