/** Reading Zap inputs the same way in every operation: one id, a list, text, yes/no. Invalid input names its field. */
import { inputError } from './errors.js';

/**
 * A required id input, trimmed; empty (e.g. mapped from a step that returned nothing) or a list is an input error.
 * A mapped list of one id (line items) is that id; a list of several is named as a list, not as "empty".
 */
export function requiredId(value: unknown, label: string): string {
  const one = Array.isArray(value)
    ? value.length === 1
      ? value[0]
      : value
          .map((v) => String(v ?? '').trim())
          .filter(Boolean)
          .join(', ')
    : value;
  const id = typeof one === 'string' || typeof one === 'number' ? String(one).trim() : '';
  if (!id) throw inputError(label, 'is required: pick a value from the dropdown or map an ID from an earlier step.');
  if (id.includes(',')) throw inputError(label, `takes one ID, but got a list ("${id.slice(0, 60)}").`);
  // "." or ".." in a URL path would point the request at another endpoint (/contacts/../x is /x).
  if (id === '.' || id === '..')
    throw inputError(label, `is not an ID: "${id}". Pick a value from the dropdown or map an ID from an earlier step.`);
  return id;
}

/**
 * A list input as Zapier delivers it — an array from a list field, or one mapped text such as "vip, newsletter"
 * (also inside an array item) — as trimmed, non-empty, de-duplicated values. `ignoreCase` for tag names, which
 * HighLevel treats case-insensitively; ids are compared exactly.
 */
export function parseList(value: unknown, { ignoreCase = false } = {}): string[] {
  const items = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .flatMap((v) => (v === undefined || v === null ? [] : String(v).split(',')))
    .map((v) => v.trim())
    .filter(Boolean);
  const seen = new Set<string>();
  return items.filter((v) => {
    const key = ignoreCase ? v.toLowerCase() : v;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A text input, trimmed; undefined when empty (not filled in, or mapped from a step that returned nothing). */
export const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const t = String(value).trim();
  return t === '' ? undefined : t;
};

/** A Zapier boolean input: true/false, or the "yes"/"no"/"1"/"0" text a mapped value may carry. */
export function parseBoolean(value: unknown, label: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const t = String(value).trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'on'].includes(t)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(t)) return false;
  throw inputError(label, `must be Yes or No (true or false) — got "${String(value).slice(0, 40)}".`);
}

/**
 * An email address as HighLevel accepts it: dot-separated local parts of letters, digits and _ ' + -, a domain of
 * labels and a top-level domain of 2+ letters (the pattern zod 4 uses for `email()`, which this app used before).
 */
export const isEmail = (text: string): boolean =>
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/.test(text);
