/** Reading Zap inputs the same way in every operation: one id, yes/no. Invalid input names its field. */
import { inputError } from './errors.js';

/** A required id input, trimmed; empty (e.g. mapped from a step that returned nothing) or a list is an input error. */
export function requiredId(value: unknown, label: string): string {
  const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (!id) throw inputError(label, 'is required: pick a value from the dropdown or map an ID from an earlier step.');
  if (id.includes(',')) throw inputError(label, `takes one ID, but got a list ("${id.slice(0, 60)}").`);
  return id;
}

/** A Zapier boolean input: true/false, or the "yes"/"no"/"1"/"0" text a mapped value may carry. */
export function parseBoolean(value: unknown, label: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const t = String(value).trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'on'].includes(t)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(t)) return false;
  throw inputError(label, `must be Yes or No (true or false) — got "${String(value).slice(0, 40)}".`);
}
