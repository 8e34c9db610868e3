/**
 * A token bucket per key (a login): `burst` requests at once, then `perSecond` on average. The
 * operations service's writing routes take each request's cost from its login's bucket, so that
 * one login, a script gone wrong or a stolen password, cannot flood the case record. Buckets
 * idle long enough to be full again are forgotten, so the map stays as small as the active logins.
 */
export class RateLimit {
  readonly stats = { allowed: 0, refused: 0 };
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the request may go now; otherwise the milliseconds until it could. */
  take(key: string): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.stats.allowed++;
      return 0;
    }
    this.stats.refused++;
    return Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }

  private forgetFull(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
  }
}
