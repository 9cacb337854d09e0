/**
 * What every trigger and search does with a list before returning it: order it newest first, and give the Zap editor
 * no more than it shows. One home, so triggers of different record types order and limit alike.
 */
import type { Bundle } from 'zapier-platform-core';

/** The Zap editor's "Test trigger" shows 3 records; returning more only slows the test step. */
export const SAMPLE_SIZE = 3;

/** Epoch ms of an ISO date text (or an epoch number); -Infinity when there is none, so undated records sort last. */
export const timeOf = (value: unknown): number => {
  const t = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(t) ? t : -Infinity;
};

/**
 * Newest first by the first date each record has among `keys` (e.g. `['dateUpdated', 'dateAdded']`); records with
 * none keep the order HighLevel gave them, at the end. A stable sort: ties keep their order too.
 */
export function newestFirst<T>(items: T[], keys: string | readonly string[]): T[] {
  const list = typeof keys === 'string' ? [keys] : keys;
  const dated = (item: T) => {
    for (const key of list) {
      const t = timeOf((item as Record<string, unknown>)[key]);
      if (t !== -Infinity) return t;
    }
    return -Infinity;
  };
  return items
    .map((item, i) => ({ item, i, t: dated(item) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map(({ item }) => item);
}

/** `bundle.meta.isLoadingSample`: the editor wants at most 3 records; `meta.limit` when Zapier sets one. */
export function sampleLimit<T>(bundle: Bundle, items: T[]): T[] {
  if (bundle.meta?.isLoadingSample) return items.slice(0, SAMPLE_SIZE);
  const limit = Number(bundle.meta?.limit ?? -1);
  return limit > 0 ? items.slice(0, limit) : items;
}
