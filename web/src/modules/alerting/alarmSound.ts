/**
 * The alarm's sound, made with the Web Audio API (no audio file to ship or to be blocked): a pattern of short square-wave
 * beeps, high-low-high-low, repeated every few seconds while the loop runs. Browsers keep an AudioContext suspended until
 * the user has interacted with the page; the first click, key or touch resumes it.
 */

/** One beep: its pitch, when it starts after the pattern's start, and how long it lasts (seconds). */
export interface Tone {
  frequency: number
  at: number
  duration: number
}

export const BEEP_PATTERN: readonly Tone[] = [
  { frequency: 988, at: 0, duration: 0.16 },
  { frequency: 740, at: 0.2, duration: 0.16 },
  { frequency: 988, at: 0.4, duration: 0.16 },
  { frequency: 740, at: 0.6, duration: 0.16 },
]
export const BEEP_EVERY_MS = 3_000
const VOLUME = 0.18

/** The parts of an AudioContext the alarm uses (a test passes a fake). */
export type AudioLike = Pick<AudioContext, 'state' | 'currentTime' | 'destination' | 'createOscillator' | 'createGain' | 'resume' | 'close'>

const GESTURES = ['pointerdown', 'keydown', 'touchstart'] as const

function browserContext(): AudioLike | null {
  const Ctor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  return Ctor ? new Ctor() : null
}

export class AlarmSound {
  private context: AudioLike | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private listening = false
  private readonly unlock = () => {
    if (this.context?.state === 'suspended') void this.context.resume().catch(() => undefined)
    this.stopListening()
  }

  constructor(
    private readonly createContext: () => AudioLike | null = browserContext,
    private readonly gestures: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null = globalThis.document ?? null,
  ) {}

  /** Whether the beep loop runs (whether it is heard also depends on the browser having let the page play sound). */
  get running(): boolean {
    return this.timer !== null
  }

  start(): void {
    if (this.timer !== null) return
    this.prepare()
    this.beep()
    this.timer = setInterval(() => this.beep(), BEEP_EVERY_MS)
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  dispose(): void {
    this.stop()
    this.stopListening()
    void this.context?.close().catch(() => undefined)
    this.context = null
  }

  private prepare(): void {
    if (!this.context) {
      try {
        this.context = this.createContext()
      } catch {
        this.context = null
      }
    }
    if (this.context?.state === 'suspended' && !this.listening && this.gestures) {
      for (const g of GESTURES) this.gestures.addEventListener(g, this.unlock, { capture: true })
      this.listening = true
    }
  }

  private stopListening(): void {
    if (!this.listening || !this.gestures) return
    for (const g of GESTURES) this.gestures.removeEventListener(g, this.unlock, { capture: true })
    this.listening = false
  }

  private beep(): void {
    const ctx = this.context
    if (!ctx || ctx.state !== 'running') return
    const start = ctx.currentTime + 0.02
    for (const tone of BEEP_PATTERN) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      const t = start + tone.at
      osc.type = 'square'
      osc.frequency.setValueAtTime(tone.frequency, t)
      gain.gain.setValueAtTime(0, t)
      gain.gain.linearRampToValueAtTime(VOLUME, t + 0.01)
      gain.gain.setValueAtTime(VOLUME, t + tone.duration - 0.02)
      gain.gain.linearRampToValueAtTime(0, t + tone.duration)
      osc.connect(gain)
      gain.connect(ctx.destination)
      osc.start(t)
      osc.stop(t + tone.duration + 0.01)
    }
  }
}
