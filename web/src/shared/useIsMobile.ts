import { onBeforeUnmount, ref } from 'vue'

/** Phone layout below 768 px (the WeCom / DingTalk in-app browser is ~390 px wide). */
export const MOBILE_QUERY = '(max-width: 767px)'

export function useIsMobile() {
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null
  const isMobile = ref(media?.matches ?? false)
  const update = (e: MediaQueryListEvent) => {
    isMobile.value = e.matches
  }
  media?.addEventListener('change', update)
  onBeforeUnmount(() => media?.removeEventListener('change', update))
  return isMobile
}
