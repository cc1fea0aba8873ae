import { createI18n } from 'vue-i18n'
import { computed } from 'vue'
import zhCN, { type Messages } from './locales/zh-CN'
import enUS from './locales/en-US'
import { formatDuration } from './shared/format'

export const LANGUAGES = ['zh-CN', 'en-US'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'zh-CN'
const STORAGE_KEY = 'hops.language'

export const messages: Record<Language, Messages> = { 'zh-CN': zhCN, 'en-US': enUS }

function storedLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
    return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : DEFAULT_LANGUAGE
  } catch {
    return DEFAULT_LANGUAGE
  }
}

export const i18n = createI18n<[Messages], Language, false>({
  legacy: false,
  locale: storedLanguage(),
  fallbackLocale: DEFAULT_LANGUAGE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

export const currentLanguage = computed<Language>(() => i18n.global.locale.value as Language)

/** Switches the UI language, remembers it, and tells the page (and the server, through Accept-Language). */
export function setLanguage(language: Language): void {
  i18n.global.locale.value = language
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language)
  } catch {
    // private mode: the choice lasts for this page only
  }
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language
  }
}

/** A duration in the current language's words (`2小时15分` / `2 h 15 min`). */
export function durationText(milliseconds: number): string {
  return formatDuration(milliseconds, messages[currentLanguage.value].duration)
}

/** A role's label in the current language. */
export function roleLabel(role: { labelZh: string; labelEn: string; name: string }): string {
  const label = currentLanguage.value === 'en-US' ? role.labelEn : role.labelZh
  return label || role.name
}

/** A bilingual name (org units, permissions) in the current language. */
export function localName(zh: string | null | undefined, en: string | null | undefined): string {
  return (currentLanguage.value === 'en-US' ? en || zh : zh || en) ?? ''
}
