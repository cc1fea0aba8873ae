import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Alarm } from './api'
import { alarmView, muteFor, MUTE_KEY, MUTE_MS, readMute, writeMute } from './alarm'
import { AlarmSound, BEEP_EVERY_MS, BEEP_PATTERN, type AudioLike } from './alarmSound'

const alarm = (...ids: number[]): Alarm => ({ count: ids.length, latest: ids.map((id) => ({ id, title: `event ${id}`, ciCode: null, firstSeen: '2026-11-22T09:00:00Z' })) })
const NOW = 1_000_000

describe('the alarm banner', () => {
  it('shows and sounds while critical events are unacknowledged, naming the latest', () => {
    expect(alarmView(alarm(7, 5), null, NOW)).toMatchObject({ visible: true, sounding: true, muted: false, count: 2, headline: { id: 7 } })
  })

  it('is hidden and silent when there is nothing to acknowledge, or before the first answer', () => {
    expect(alarmView(alarm(), null, NOW)).toMatchObject({ visible: false, sounding: false, headline: null })
    expect(alarmView(null, null, NOW)).toMatchObject({ visible: false, sounding: false })
  })

  it('keeps the banner but stops the sound for five minutes when muted', () => {
    const now = alarm(7, 5)
    const mute = muteFor(now, NOW)
    expect(mute).toEqual({ until: NOW + MUTE_MS, ids: [7, 5] })
    expect(alarmView(now, mute, NOW + MUTE_MS - 1)).toMatchObject({ visible: true, sounding: false, muted: true })
    expect(alarmView(now, mute, NOW + MUTE_MS)).toMatchObject({ visible: true, sounding: true, muted: false })
    // one of them acknowledged meanwhile: still muted
    expect(alarmView(alarm(7), mute, NOW + 1000)).toMatchObject({ sounding: false, muted: true })
  })

  it('sounds again at once for a new critical event while muted', () => {
    const mute = muteFor(alarm(7, 5), NOW)
    expect(alarmView(alarm(9, 7, 5), mute, NOW + 1000)).toMatchObject({ visible: true, sounding: true, muted: false, headline: { id: 9 } })
  })

  it('keeps the mute in the browser, and reads a broken one as none', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) }
    writeMute({ until: 5, ids: [1] }, storage)
    expect(readMute(storage)).toEqual({ until: 5, ids: [1] })
    writeMute(null, storage)
    expect(readMute(storage)).toBeNull()
    store.set(MUTE_KEY, '{broken')
    expect(readMute(storage)).toBeNull()
    store.set(MUTE_KEY, '{"until":"soon"}')
    expect(readMute(storage)).toBeNull()
  })
})

/** An AudioContext that records the beeps it is asked to play. */
function fakeAudio(state: AudioContextState) {
  const started: { frequency: number; at: number }[] = []
  const ctx = {
    state,
    currentTime: 10,
    destination: {},
    createOscillator: () => {
      let frequency = 0
      return {
        type: 'sine',
        frequency: { setValueAtTime: (f: number) => (frequency = f) },
        connect: () => undefined,
        start: (at: number) => started.push({ frequency, at }),
        stop: () => undefined,
      }
    },
    createGain: () => ({ gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined }, connect: () => undefined }),
    resume: vi.fn(async () => {
      ctx.state = 'running'
    }),
    close: vi.fn(async () => undefined),
  }
  return { ctx: ctx as unknown as AudioLike & { state: AudioContextState }, started }
}

describe('the alarm sound', () => {
  afterEach(() => vi.useRealTimers())

  it('plays the beep pattern at once and again every few seconds until stopped', () => {
    vi.useFakeTimers()
    const { ctx, started } = fakeAudio('running')
    const sound = new AlarmSound(() => ctx, null)
    sound.start()
    expect(sound.running).toBe(true)
    expect(started.map((s) => s.frequency)).toEqual(BEEP_PATTERN.map((t) => t.frequency))
    vi.advanceTimersByTime(BEEP_EVERY_MS * 2)
    expect(started).toHaveLength(BEEP_PATTERN.length * 3)
    sound.stop()
    expect(sound.running).toBe(false)
    vi.advanceTimersByTime(BEEP_EVERY_MS * 2)
    expect(started).toHaveLength(BEEP_PATTERN.length * 3)
  })

  it('waits for the first click or key to resume an audio context the browser suspended, then beeps', async () => {
    vi.useFakeTimers()
    const { ctx, started } = fakeAudio('suspended')
    const page = new EventTarget()
    const sound = new AlarmSound(() => ctx, page)
    sound.start()
    expect(sound.running).toBe(true)
    expect(started).toHaveLength(0)
    page.dispatchEvent(new Event('keydown'))
    await Promise.resolve()
    expect(ctx.resume).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(BEEP_EVERY_MS)
    expect(started).toHaveLength(BEEP_PATTERN.length)
    page.dispatchEvent(new Event('pointerdown'))
    expect(ctx.resume).toHaveBeenCalledTimes(1)
    sound.dispose()
    expect(ctx.close).toHaveBeenCalled()
  })

  it('runs its loop (and says so) where the browser has no Web Audio', () => {
    vi.useFakeTimers()
    const sound = new AlarmSound(() => null, null)
    sound.start()
    expect(sound.running).toBe(true)
    sound.dispose()
    expect(sound.running).toBe(false)
  })
})
