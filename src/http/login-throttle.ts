/**
 * Per-client backoff for failed sign-ins: the first 5 failures are free, then
 * each further failure locks the client out for twice as long as the last
 * (1 s, 2 s, 4 s … at most 15 min). A success clears the record. In memory:
 * a restart forgets it, which costs an attacker a restart they cannot cause.
 */
export class LoginThrottle {
  private readonly clients = new Map<string, { failures: number; until: number }>();

  constructor(
    private readonly freeFailures = 5,
    private readonly maxLockMs = 15 * 60_000,
  ) {}

  /** Seconds the client must wait before trying again, or 0. */
  retryAfter(client: string, now = Date.now()): number {
    const rec = this.clients.get(client);
    return rec && rec.until > now ? Math.ceil((rec.until - now) / 1000) : 0;
  }

  /** Records a failed attempt. */
  fail(client: string, now = Date.now()): void {
    const rec = this.clients.get(client) ?? { failures: 0, until: 0 };
    rec.failures++;
    const over = rec.failures - this.freeFailures;
    if (over > 0) rec.until = now + Math.min(1000 * 2 ** (over - 1), this.maxLockMs);
    this.clients.set(client, rec);
    if (this.clients.size > 10_000) this.forgetOld(now);
  }

  /** Clears a client after a successful sign-in. */
  succeed(client: string): void {
    this.clients.delete(client);
  }

  private forgetOld(now: number): void {
    for (const [k, v] of this.clients) if (v.until < now - this.maxLockMs) this.clients.delete(k);
  }
}
