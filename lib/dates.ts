/**
 * Dates as HighLevel accepts them. Zapier resolves date inputs ("tomorrow 9am", "2026-12-01 14:00") to ISO 8601
 * before perform; this also takes epoch seconds/milliseconds and any form Date.parse knows, and rejects the rest
 * with an error that names the field.
 */
import { inputError } from './errors.js';

export function parseDate(value: unknown, label: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const text = String(value ?? '').trim();
  let date: Date | undefined;
  if (/^\d{9,13}$/.test(text)) {
    const n = Number(text);
    date = new Date(text.length <= 10 ? n * 1000 : n);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    date = new Date(`${text}T00:00:00Z`);
  } else if (text) {
    date = new Date(text);
  }
  if (!date || Number.isNaN(date.getTime())) {
    throw inputError(label, `must be a date and time, such as 2026-12-01T09:30:00Z or "tomorrow 9am" — got "${text.slice(0, 60)}".`);
  }
  return date;
}

/** ISO 8601 in UTC without milliseconds, e.g. 2026-12-01T09:30:00Z (HighLevel's own examples use this form). */
export function toIsoSeconds(value: unknown, label: string): string {
  return parseDate(value, label)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A date HighLevel sent → ISO 8601 UTC, for outputs: "2021-07-16 11:00:00" (contact appointments), ISO strings, and
 * epoch numbers, which HighLevel always gives in milliseconds (search items' `dateOfBirth`, date custom fields) —
 * so a number is never read as seconds for being short: 345600000 is 1970-01-05, not 1980.
 */
export function normalizeDate(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (typeof value === 'number' || /^-?\d{9,}$/.test(text)) {
    const d = new Date(Number(text));
    return Number.isNaN(d.getTime()) ? text : d.toISOString();
  }
  const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text) ? text.replace(' ', 'T') + 'Z' : text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

/** The current time; tests replace `clock.now` (trigger windows, the task poll's time budget). */
export const clock = { now: (): number => Date.now() };
