/**
 * HighLevel's API limits per app and resource (location, or company for agency tokens): a burst of `max` requests
 * per `intervalMs` (100 per 10 s) and `daily` per day (200,000), reported on every answer in the X-RateLimit-*
 * headers; past either limit the answer is 429. Windows follow the store's clock, so tests can wait them out.
 */
import type { Store } from './store.ts';

export interface RateLimitConfig {
  max: number;
  intervalMs: number;
  daily: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 100, intervalMs: 10_000, daily: 200_000 };

/** Counts one request for `resource`; returns the headers to send and whether it is over a limit. */
export function countRequest(
  store: Store,
  config: RateLimitConfig,
  resource: string,
): { limited: boolean; headers: Record<string, string> } {
  const now = store.now();
  const day = Math.floor(now / 86_400_000);
  let c = store.rate.get(resource);
  if (!c) {
    c = { windowStart: now, count: 0, day, dayCount: 0 };
    store.rate.set(resource, c);
  }
  if (now - c.windowStart >= config.intervalMs) {
    c.windowStart = now;
    c.count = 0;
  }
  if (c.day !== day) {
    c.day = day;
    c.dayCount = 0;
  }
  const limited = c.count >= config.max || c.dayCount >= config.daily;
  if (!limited) {
    c.count++;
    c.dayCount++;
  }
  return {
    limited,
    headers: {
      'x-ratelimit-limit-daily': String(config.daily),
      'x-ratelimit-daily-remaining': String(Math.max(0, config.daily - c.dayCount)),
      'x-ratelimit-interval-milliseconds': String(config.intervalMs),
      'x-ratelimit-max': String(config.max),
      'x-ratelimit-remaining': String(Math.max(0, config.max - c.count)),
    },
  };
}
