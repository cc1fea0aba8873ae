import { useI18n } from 'vue-i18n'
import { currentLanguage, durationText, localName } from '@/i18n'
import { formatDateTime } from '@/shared/format'
import type { OfferedTransition, TicketClock, TicketFieldDef, TicketFieldOption, WorkflowDefinition } from './api'
import { clockView, coordinatesText } from './desk'

/**
 * The words of the service desk in the user's language. Types, fields, states and steps are data the administrator edits: their
 * names come from the server in both languages (a name it does not give shows as its key); the desk's own words from the locale files.
 */
export function useDeskWords() {
  const { t, te } = useI18n()

  function known(prefix: string, key: string | null | undefined): string {
    if (!key) return ''
    const path = `serviceDesk.${prefix}.${key}`
    return te(path) ? t(path) : key
  }

  const named = (item: { name?: string | null; nameEn?: string | null } | null | undefined, key: string) =>
    item && (item.name || item.nameEn) ? localName(item.name, item.nameEn) : key

  return {
    typeName: (key: string, name?: string | null, nameEn?: string | null) => named({ name, nameEn }, key),
    fieldLabel: (field: TicketFieldDef) => named(field, field.key),
    optionLabel: (option: TicketFieldOption) => named(option, option.value),
    stateName: (key: string | null | undefined, name?: string | null, nameEn?: string | null) => named({ name, nameEn }, key ?? ''),
    transitionName: (tr: Pick<OfferedTransition, 'key' | 'name' | 'nameEn'>) => named(tr, tr.key),
    /** a state of the ticket's workflow version by key */
    workflowState: (workflow: WorkflowDefinition | null, key: string) => named(workflow?.states.find((s) => s.key === key), key),
    /** a step of the ticket's workflow version by key */
    workflowStep: (workflow: WorkflowDefinition | null, key: string) => named(workflow?.transitions.find((s) => s.key === key), key),
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
