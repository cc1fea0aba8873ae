import { useI18n } from 'vue-i18n'
import { currentLanguage, durationText, localName } from '@/i18n'
import { formatDateTime } from '@/shared/format'
import type { OfferedTransition, TicketClock, TicketFieldDef, TicketFieldOption } from './api'
import { clockView, coordinatesText } from './desk'

/**
 * The words of the service desk in the user's language: names the server gives in both languages, else the locale files'
 * words for the built-in keys, else the key itself (a type, state or step an administrator added).
 */
export function useDeskWords() {
  const { t, te } = useI18n()

  function known(prefix: string, key: string | null | undefined, fallback?: string): string {
    if (!key) return fallback ?? ''
    const path = `serviceDesk.${prefix}.${key}`
    return te(path) ? t(path) : (fallback ?? key)
  }

  function bilingual(zh: string | null | undefined, en: string | null | undefined, prefix: string, key: string): string {
    if (zh || en) return localName(zh, en)
    return known(prefix, key)
  }

  return {
    typeName: (key: string, name?: string | null, nameEn?: string | null) => bilingual(name, nameEn, 'typeNames', key),
    fieldLabel: (field: TicketFieldDef) => bilingual(field.name, field.nameEn, 'fieldNames', field.key),
    optionLabel: (field: TicketFieldDef, option: TicketFieldOption) =>
      option.name || option.nameEn ? localName(option.name, option.nameEn) : known(`options.${field.key}`, option.value),
    stateName: (key: string | null | undefined, name?: string | null, nameEn?: string | null) => bilingual(name, nameEn, 'states', key ?? ''),
    transitionName: (tr: Pick<OfferedTransition, 'key' | 'name' | 'nameEn'>) => bilingual(tr.name, tr.nameEn, 'transitions', tr.key),
    transitionKeyName: (key: string) => known('transitions', key),
    channelName: (channel: string) => known('channels', channel),
    impactName: (n: number) => known('impacts', String(n)),
    urgencyName: (n: number) => known('urgencies', String(n)),
    colourName: (colour: string | null | undefined) => known('colours', colour ?? ''),
    clockKind: (kind: string) => known('clockKinds', kind),
    /** `剩余 2小时15分`, `已超时 35分`, `已达成（用时 20分）` */
    clockText(clock: TicketClock): string {
      const v = clockView(clock)
      return t(`serviceDesk.clock.${v.say}`, { d: durationText(v.ms) })
    },
    deadlineText: (at: string | null) => (at ? t('serviceDesk.clock.deadline', { at: formatDateTime(at) }) : ''),
    place: (location: { latitude: number; longitude: number; accuracyMeters: number | null }) =>
      coordinatesText(location, (n) => t('serviceDesk.dialog.metres', { n })),
    language: currentLanguage,
  }
}
