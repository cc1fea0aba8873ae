/**
 * The sound-and-light alarm (声光告警) of every page: while critical events are firing unacknowledged, a flashing banner
 * and a beep every few seconds. Muting silences the beep for five minutes, for the events on screen only: a new one
 * sounds again at once. The banner stays while any is unacknowledged.
 */
import { ref } from 'vue'
import type { Alarm } from './api'

export const ALARM_POLL_MS = 10_000
export const MUTE_MS = 5 * 60_000
export const MUTE_KEY = 'hops.alarmMute'

/** A mute: until when, and which events were sounding when it was set. */
export interface AlarmMute {
  until: number
  ids: number[]
}

export interface AlarmView {
  /** the banner is shown */
  visible: boolean
  /** the beep should run */
  sounding: boolean
  /** muted now (the banner offers to unmute) */
  muted: boolean
  count: number
  /** the latest unacknowledged critical event, the one the banner names */
  headline: Alarm['latest'][number] | null
}

/** Whether a mute still holds: not expired, and no event sounding now that was not there when it was set. */
export function muteHolds(mute: AlarmMute | null, alarm: Alarm | null, nowMs: number): boolean {
  if (!mute || nowMs >= mute.until) return false
  return (alarm?.latest ?? []).every((e) => mute.ids.includes(e.id))
}

export function alarmView(alarm: Alarm | null, mute: AlarmMute | null, nowMs: number): AlarmView {
  const count = alarm?.count ?? 0
  const visible = count > 0
  const muted = visible && muteHolds(mute, alarm, nowMs)
  return { visible, sounding: visible && !muted, muted, count, headline: alarm?.latest[0] ?? null }
}

/** A mute of five minutes from now for the events sounding now. */
export function muteFor(alarm: Alarm | null, nowMs: number): AlarmMute {
  return { until: nowMs + MUTE_MS, ids: (alarm?.latest ?? []).map((e) => e.id) }
}

/** The mute kept in this browser (so every tab and a reload keep it), or null. */
export function readMute(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): AlarmMute | null {
  try {
    const value = JSON.parse(storage?.getItem(MUTE_KEY) ?? 'null') as Partial<AlarmMute> | null
    return value && typeof value.until === 'number' && Array.isArray(value.ids) ? { until: value.until, ids: value.ids.filter((i): i is number => typeof i === 'number') } : null
  } catch {
    return null
  }
}

export function writeMute(mute: AlarmMute | null, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    if (mute) storage?.setItem(MUTE_KEY, JSON.stringify(mute))
    else storage?.removeItem(MUTE_KEY)
  } catch {
    // private mode: the mute lasts for this page only
  }
}

/**
 * Bumped whenever the user acknowledged or closed an event (on a page or in the banner): the banner asks again at once
 * instead of sounding on until its next poll, and an open events list or event page shows the change.
 */
export const alarmNudge = ref(0)

export function nudgeAlarm(): void {
  alarmNudge.value++
}
