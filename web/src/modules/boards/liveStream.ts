/** Whether the page hears the server's notices now. */
export type LiveState = 'connecting' | 'live' | 'reconnecting'

export interface LiveStreamOptions {
  url: string
  /** the boards changed: fetch again */
  onChanged: () => void
  /** the state for the indicator */
  onState: (state: LiveState) => void
  /** a connection after the first: changes may have been missed meanwhile, fetch again */
  onReconnected: () => void
  create?: (url: string) => EventSourceLike
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/** The parts of an EventSource the stream uses (a test passes a fake). */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void
  close(): void
}

const CLOSED = 2

/** Waits before reconnecting after the browser gave up (an HTTP error): 1 s, 2 s, 4 s … at most 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt))
}

/**
 * The boards' event stream. The browser's EventSource reconnects by itself after a dropped connection; after an HTTP error
 * (a proxy's 502, a node restarting) it gives up, and this reconnects with a growing pause.
 */
export class LiveStream {
  private source: EventSourceLike | null = null
  private opened = 0
  private attempt = 0
  private timer: unknown = null
  private stopped = false

  constructor(private readonly options: LiveStreamOptions) {}

  start(): void {
    this.stopped = false
    this.connect()
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>)
    this.timer = null
    this.source?.close()
    this.source = null
  }

  private connect(): void {
    this.options.onState(this.opened === 0 ? 'connecting' : 'reconnecting')
    const create = this.options.create ?? ((url: string) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike)
    const source = create(this.options.url)
    this.source = source
    source.onopen = () => {
      this.attempt = 0
      this.opened++
      this.options.onState('live')
      if (this.opened > 1) this.options.onReconnected()
    }
    source.addEventListener('changed', () => this.options.onChanged())
    source.onerror = () => {
      if (this.stopped) return
      this.options.onState('reconnecting')
      if (source.readyState === CLOSED) {
        source.close()
        const wait = backoffMs(this.attempt++)
        this.timer = (this.options.setTimer ?? setTimeout)(() => {
          this.timer = null
          if (!this.stopped) this.connect()
        }, wait)
      }
    }
  }
}
