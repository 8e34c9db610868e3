/**
 * Staleness changes without any reading arriving (a sensor falls silent): once a second the clock
 * finds the sensors whose status at that moment differs from the painted one, and asks for a
 * frame only when there are some, so an idle scene stays idle. The frame repaints exactly those.
 */
const CHECK_MS = 1000;

export class StaleClock {
  private pending: number[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(scan: () => number[], onStale: () => void) {
    this.timer = setInterval(() => {
      this.pending = scan();
      if (this.pending.length > 0) onStale();
    }, CHECK_MS);
  }

  /** The sensors found since the last frame, once. */
  take(): number[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
