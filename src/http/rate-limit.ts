/**
 * A token bucket per client (Turner, "New dynamic algorithms for traffic
 * shaping", 1986; the scheme most HTTP APIs use): a client may burst up to
 * `perMinute` requests, then gets `perMinute / 60` more each second. In
 * memory, so a restart refills every bucket.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** @param perMinute - requests a minute per client; 0 turns the limit off. */
  constructor(private readonly perMinute: number) {}

  /**
   * Takes one request from a client's bucket.
   * @returns 0 when the request may go ahead, else the seconds to wait (for `Retry-After`).
   */
  take(client: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(client, b);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  private forgetFull(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
  }
}
