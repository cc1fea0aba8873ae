import { computed, onBeforeUnmount, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { currentLanguage, messages } from '@/i18n'
import { formatDuration } from '@/shared/format'
import type { BoardTicket } from './api'
import { remainingMs } from './boards'

/** The server's "now", ticking each second (the boards count time left without fetching again). */
export function useBoardClock(skewMs: Ref<number>) {
  const tick = ref(Date.now())
  const timer = setInterval(() => (tick.value = Date.now()), 1000)
  onBeforeUnmount(() => clearInterval(timer))
  const { t } = useI18n()
  const units = computed(() => messages[currentLanguage.value].duration)
  const now = computed(() => tick.value + skewMs.value)
  function duration(ms: number): string {
    return formatDuration(ms, units.value)
  }
  /** "剩余 12分" / "超时 3分" / "无 SLA" */
  function left(ticket: Pick<BoardTicket, 'slaDueAt'>): string {
    const ms = remainingMs(ticket, now.value)
    if (ms === null) return t('boards.noSla')
    return ms >= 0 ? t('boards.left', { time: duration(ms) }) : t('boards.overdue', { time: duration(-ms) })
  }
  function since(iso: string): string {
    return duration(Math.max(0, now.value - Date.parse(iso)))
  }
  return { now, left, since }
}
