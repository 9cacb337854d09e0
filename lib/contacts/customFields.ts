/**
 * The sub-account's contact custom fields, by KEY: `contact.pincode` → `pincode`. Keys are what a Zap (or an agency
 * template copied into another sub-account) stores, so nothing depends on one sub-account's field ids; the ids are
 * looked up from the definitions at run time.
 *
 * Cost: definitions come from GET /locations/{locationId}/customFields?model=contact, kept in `z.cache` for
 * 5 minutes per sub-account. A step that writes custom fields, or returns a contact that has custom field values,
 * makes that request at most once per 5 minutes (plus once more if a key is missing from a stale copy: a field
 * created in HighLevel a moment ago). Steps that touch no custom field never make it.
 *
 * Tests: appTester keeps `z.cache` between calls of one test file — clear it (`appTester(fn, bundle, true)` or
 * `appTester.zcacheTestObj = {}`) where a test expects the definitions request.
 */
import type { Bundle, PlainInputField, PlainOutputField, ZObject } from 'zapier-platform-core';
import { ghl, ghlPath, locationId } from '../client.js';
import { inputError } from '../errors.js';
import { normalizeDate, parseDate } from '../dates.js';
import { isEmail } from '../inputs.js';

export interface CustomFieldDef {
  id: string;
  /** the label HighLevel shows, e.g. "Pincode" */
  name: string;
  /** fieldKey without the `contact.` prefix, e.g. "pincode" */
  key: string;
  /** TEXT, LARGE_TEXT, NUMERICAL, MONETORY, DATE, SINGLE_OPTIONS, RADIO, MULTIPLE_OPTIONS, CHECKBOX, PHONE, EMAIL, FILE_UPLOAD, TEXTBOX_LIST … */
  dataType: string;
  options: string[];
  placeholder?: string;
}

/** Seconds the definitions stay cached. */
export const CUSTOM_FIELDS_TTL = 300;
/** Input field keys of custom fields: `customField_<key>` (never collides with a standard field key). */
export const CUSTOM_INPUT_PREFIX = 'customField_';
/** The readable custom field values sit under this output key: `customField: { pincode: '12345' }`. */
export const CUSTOM_OUTPUT_KEY = 'customField';

const cacheKey = (loc: string) => `highlevel:contact-custom-fields:v1:${loc}`;

/** `contact.pincode` → `pincode` (and a key without prefix stays as it is). */
export const keyOf = (fieldKey: string): string => fieldKey.replace(/^contact\./, '');

function toDef(raw: Record<string, any>): CustomFieldDef | undefined {
  if (!raw?.id || !raw.fieldKey) return undefined;
  return {
    id: String(raw.id),
    name: String(raw.name ?? keyOf(raw.fieldKey)),
    key: keyOf(String(raw.fieldKey)),
    dataType: String(raw.dataType ?? 'TEXT').toUpperCase(),
    options: Array.isArray(raw.picklistOptions) ? raw.picklistOptions.map(String) : [],
    ...(raw.placeholder ? { placeholder: String(raw.placeholder) } : {}),
  };
}

/** The contact custom field definitions of the connected sub-account (cached 5 minutes; `fresh` skips the cache). */
export async function loadCustomFields(z: ZObject, bundle: Bundle, options: { fresh?: boolean } = {}): Promise<CustomFieldDef[]> {
  const loc = locationId(bundle);
  if (!options.fresh) {
    try {
      const cached = await z.cache.get(cacheKey(loc));
      if (Array.isArray(cached)) return cached as CustomFieldDef[];
    } catch {
      // no cache available (e.g. a local run): just ask HighLevel
    }
  }
  const data = await ghl<{ customFields?: Record<string, any>[] }>(z, {
    path: ghlPath`/locations/${loc}/customFields`,
    params: { model: 'contact' },
  });
  const defs = (data?.customFields ?? [])
    .filter((f) => !f.model || f.model === 'contact')
    .map(toDef)
    .filter((d): d is CustomFieldDef => !!d);
  try {
    await z.cache.set(cacheKey(loc), defs, CUSTOM_FIELDS_TTL);
  } catch {
    // caching is an optimisation only
  }
  return defs;
}

type FieldShape = Pick<PlainInputField, 'type' | 'list' | 'choices'>;

/** How a custom field is asked for in the editor; undefined = not writable from a Zap (files, unknown types). */
function inputShape(def: CustomFieldDef): FieldShape | undefined {
  const choices = def.options.length ? def.options.map((o) => ({ value: o, label: o, sample: o })) : undefined;
  switch (def.dataType) {
    case 'TEXT':
    case 'PHONE':
    case 'EMAIL':
      return { type: 'string' };
    case 'LARGE_TEXT':
      return { type: 'text' };
    case 'NUMERICAL':
    case 'MONETORY':
    case 'MONETARY':
      return { type: 'number' };
    case 'DATE':
      return { type: 'datetime' };
    case 'SINGLE_OPTIONS':
    case 'RADIO':
      return { type: 'string', ...(choices ? { choices } : {}) };
    case 'MULTIPLE_OPTIONS':
    case 'CHECKBOX':
      return { type: 'string', list: true, ...(choices ? { choices } : {}) };
    default:
      return undefined; // FILE_UPLOAD, TEXTBOX_LIST, SIGNATURE …: their values cannot be sent as plain input
  }
}

const HELP: Record<string, string> = {
  NUMERICAL: 'A number, e.g. 42 or 2.5 (a dot for decimals).',
  MONETORY: 'An amount, e.g. 199.99 or 1,234.56 (a dot for decimals).',
  MONETARY: 'An amount, e.g. 199.99 or 1,234.56 (a dot for decimals).',
  DATE: 'A date, e.g. 2026-11-20 (the time of day is dropped).',
  MULTIPLE_OPTIONS: 'One or more of the options.',
  CHECKBOX: 'One or more of the options.',
  PHONE: 'A phone number, e.g. +1 555 010 2030.',
  EMAIL: 'An email address.',
};

function inputFieldOf(def: CustomFieldDef): PlainInputField | undefined {
  const shape = inputShape(def);
  if (!shape) return undefined;
  return {
    key: `${CUSTOM_INPUT_PREFIX}${def.key}`,
    label: def.name,
    required: false,
    ...shape,
    helpText:
      `Custom field **${def.name}** (key \`${def.key}\`). ${HELP[def.dataType] ?? ''}`.trim() +
      ' Zaps store the key, so a copy of this Zap works in another sub-account that has a custom field with the same key.',
  };
}

/**
 * Errors Zapier must see to recover: an expired token (it refreshes and retries) and throttling (it retries later).
 * Swallowed, the custom fields would vanish from the editor until something else refreshed the token.
 */
const recoverable = (e: unknown) => ['RefreshAuthError', 'ThrottledError'].includes((e as Error)?.name);

/** The connection lacks the custom fields' permission: only a reconnect helps, so the step explains instead of failing. */
const missingScope = (e: unknown) => (e as Error)?.name === 'ExpiredAuthError' && /without a permission/.test((e as Error).message);

/**
 * inputFields function: one typed field per writable contact custom field, keyed by field key. If the connection
 * lacks the permission to read the definitions, says so in a note instead of breaking the step; any other error
 * (an expired token, throttling) goes to Zapier.
 */
export async function customFieldInputFields(z: ZObject, bundle: Bundle): Promise<PlainInputField[]> {
  let defs: CustomFieldDef[];
  try {
    defs = await loadCustomFields(z, bundle);
  } catch (e) {
    if (!missingScope(e)) throw e;
    return [
      {
        key: 'customFieldsUnavailable',
        type: 'copy',
        helpText: `Custom fields could not be loaded from HighLevel: ${(e as Error).message}`,
      },
    ];
  }
  return defs.map(inputFieldOf).filter((f): f is PlainInputField => !!f);
}

const OUTPUT_TYPES: Record<string, PlainOutputField['type']> = {
  NUMERICAL: 'number',
  MONETORY: 'number',
  MONETARY: 'number',
  DATE: 'datetime',
};

/** outputFields function: labels every custom field of the sub-account as "Custom Field: <name>". */
export async function customFieldOutputFields(z: ZObject, bundle: Bundle): Promise<PlainOutputField[]> {
  let defs: CustomFieldDef[];
  try {
    defs = await loadCustomFields(z, bundle);
  } catch (e) {
    if (recoverable(e)) throw e;
    return []; // labels are a nicety: never break the editor over them
  }
  return defs.map((d) => {
    const type = OUTPUT_TYPES[d.dataType];
    return { key: `${CUSTOM_OUTPUT_KEY}__${d.key}`, label: `Custom Field: ${d.name}`, ...(type ? { type } : {}) };
  });
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number or amount as text → the number: "199.99", "-12.5", "$1,250.50", "€ 1,234,567". A comma counts only as
 * a thousands separator, and only where it cannot be a decimal comma (a dot follows, or more than one group):
 * "199,99", "1,5" and "1,234" are undefined, so no value ever changes its magnitude.
 */
export function amountOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = String(value ?? '')
    .trim()
    .replace(/^[$€£]/, '')
    .replace(/\s/g, '');
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (THOUSANDS.test(text) && (text.includes('.') || text.split(',').length > 2)) return Number(text.replace(/,/g, ''));
  return undefined;
}

/** A read value as a Zap step wants it: dates ISO, numbers numbers, file uploads their URLs. */
function readableValue(value: unknown, def: CustomFieldDef): unknown {
  if (value === null || value === undefined) return value;
  switch (def.dataType) {
    case 'NUMERICAL':
    case 'MONETORY':
    case 'MONETARY':
      return amountOf(value) ?? value; // "199,99" stays text: never a number of another magnitude
    case 'DATE':
      // HighLevel gives date custom fields as epoch milliseconds (or a date text, kept as it is)
      return typeof value === 'number' || /^-?\d{9,}$/.test(String(value).trim()) ? (normalizeDate(value) ?? value) : value;
    case 'FILE_UPLOAD':
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return Object.values(value as Record<string, any>)
          .map((f) => f?.url)
          .filter(Boolean);
      }
      return value;
    default:
      return value;
  }
}

/** `[{ id, value }]` as contacts carry them → `{ <key>: value }`; values of fields no longer defined are left out. */
export function readableCustomFields(
  contactCustomFields: { id: string; value?: unknown }[] | undefined,
  defs: CustomFieldDef[],
): Record<string, unknown> {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const out: Record<string, unknown> = {};
  for (const item of contactCustomFields ?? []) {
    const def = item && byId.get(item.id);
    if (!def) continue;
    const raw = (item as any).value ?? (item as any).field_value ?? (item as any).fieldValue;
    out[def.key] = readableValue(raw, def);
  }
  return out;
}

/** Do the inputs hold any custom field value? */
export const hasCustomFieldInput = (inputData: Record<string, unknown>): boolean =>
  Object.keys(inputData).some((k) => k.startsWith(CUSTOM_INPUT_PREFIX) && inputData[k] !== undefined && inputData[k] !== '');

/** Date custom fields hold a calendar day: keep the day as written ("2026-11-20T23:00:00-05:00" → 2026-11-20). */
function dayOf(value: unknown, label: string): string {
  const text = String(value).trim();
  const written = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
  if (written) {
    parseDate(written[1], label); // rejects 2026-13-45
    return written[1]!;
  }
  return parseDate(text, label).toISOString().slice(0, 10);
}

function writeValue(value: unknown, def: CustomFieldDef): unknown {
  const label = def.name;
  switch (def.dataType) {
    case 'NUMERICAL':
    case 'MONETORY':
    case 'MONETARY': {
      const n = amountOf(value);
      if (n !== undefined) return n;
      const got = String(value).slice(0, 40);
      if (String(value).includes(','))
        throw inputError(label, `must be a number with a dot for decimals, such as 199.99 or 1,234.56 — got "${got}".`);
      throw inputError(label, `must be a number, such as 42 or 199.99 — got "${got}".`);
    }
    case 'DATE':
      return dayOf(value, label);
    case 'MULTIPLE_OPTIONS':
    case 'CHECKBOX': {
      const list = (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);
      return list;
    }
    case 'EMAIL': {
      const text = String(value).trim();
      if (!isEmail(text)) throw inputError(label, `must be an email address, such as maria@example.com — got "${text.slice(0, 60)}".`);
      return text;
    }
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/**
 * The custom field inputs (`customField_<key>`) → HighLevel's `customFields: [{ id, field_value }]`, each value typed
 * per dataType. A key the sub-account does not have is an input error naming it (checked against fresh definitions
 * before giving up, in case the cached copy predates the field).
 */
export async function customFieldsBody(
  z: ZObject,
  bundle: Bundle,
  inputData: Record<string, unknown>,
): Promise<{ id: string; field_value: unknown }[] | undefined> {
  const entries = Object.entries(inputData).filter(
    ([k, v]) => k.startsWith(CUSTOM_INPUT_PREFIX) && v !== undefined && v !== null && v !== '',
  );
  if (!entries.length) return undefined;
  let defs = await loadCustomFields(z, bundle);
  const find = (key: string) => defs.find((d) => d.key === key);
  if (entries.some(([k]) => !find(k.slice(CUSTOM_INPUT_PREFIX.length)))) defs = await loadCustomFields(z, bundle, { fresh: true });
  const out: { id: string; field_value: unknown }[] = [];
  for (const [k, v] of entries) {
    const key = k.slice(CUSTOM_INPUT_PREFIX.length);
    const def = find(key);
    if (!def) {
      throw inputError(
        key,
        `is not a contact custom field of this HighLevel sub-account. Create a custom field with the key "${key}" (Settings → Custom Fields), or remove this value from the step.`,
      );
    }
    if (!inputShape(def)) throw inputError(def.name, `is a ${def.dataType} custom field, which cannot be filled from Zapier.`);
    const value = writeValue(v, def);
    if (Array.isArray(value) && !value.length) continue;
    out.push({ id: def.id, field_value: value });
  }
  return out.length ? out : undefined;
}
