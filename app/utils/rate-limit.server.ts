/**
 * A sliding-window limit per key (a client address), kept in memory. One server process is the
 * deployment this service is built for; with several, each keeps its own count (the limit is per process).
 */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;
  return {
    /**
     * Records a hit; says whether it is within the limit and, if not, when to try again. Pacing is measured
     * in elapsed time, so this reads the real clock even when a test has frozen the service's (TEST_NOW).
     */
    hit(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
      if (limit <= 0) return { allowed: true };
      if (now - lastSweep > windowMs) {
        for (const [k, times] of hits) if (times.every((t) => now - t >= windowMs)) hits.delete(k);
        lastSweep = now;
      }
      const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)) };
      }
      recent.push(now);
      hits.set(key, recent);
      return { allowed: true };
    },
  };
}

let bookingLimiter: ReturnType<typeof createRateLimiter> | undefined;

/** BOOKING_RATE_LIMIT posts per minute per address to the booking and feedback forms; 0 turns it off. */
export async function publicFormLimiter() {
  const { getEnv } = await import("~/utils/env.server");
  bookingLimiter ??= createRateLimiter({ limit: getEnv().BOOKING_RATE_LIMIT, windowMs: 60_000 });
  return bookingLimiter;
}

let checkInLimiter: ReturnType<typeof createRateLimiter> | undefined;

/**
 * Check-in posts per minute per address and session (ADR 024). A room checks in at once, often through one
 * Wi-Fi address, two or three posts each, so the booking forms' limit would turn most of it away; a code good
 * for minutes already stands between the form and anyone not in the room. 0 for BOOKING_RATE_LIMIT turns it off.
 */
export async function checkInPostLimiter() {
  const { getEnv } = await import("~/utils/env.server");
  checkInLimiter ??= createRateLimiter({ limit: getEnv().BOOKING_RATE_LIMIT === 0 ? 0 : 200, windowMs: 60_000 });
  return checkInLimiter;
}
