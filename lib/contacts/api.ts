/**
 * Contact requests: the write bodies (from the field table in fields.ts), one output shape for contacts from GET,
 * create/update/upsert, duplicate lookup, business lists and POST /contacts/search (whose items differ: `address` for
 * `address1`, epoch `dateOfBirth`, no `dndSettings` sometimes — docs/contacts.md), and the reads.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { SearchFilter } from './polling.js';
import { ghl, ghlOrNone, ghlPath, locationId } from '../client.js';
import { inputError, missingFromAnswer } from '../errors.js';
import { normalizeDate } from '../dates.js';
import { parseBoolean } from '../inputs.js';
import { CUSTOM_OUTPUT_KEY, customFieldsBody, loadCustomFields, readableCustomFields, type CustomFieldDef } from './customFields.js';
import { DND_CHANNELS, contactFieldLabel, contactLabel, validatedField, writtenIn, type ContactMode } from './fields.js';

// ---------------------------------------------------------------------------------------------------------------
// Request bodies

const given = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A yes/no input (lib/inputs.ts `parseBoolean`: "y", "on", "1" work too); undefined when left empty. */
const bool = (key: string, value: unknown): boolean | undefined => (given(value) ? parseBoolean(value, contactFieldLabel(key)) : undefined);

const DND_SYNONYMS: Record<string, string> = {
  on: 'active',
  yes: 'active',
  true: 'active',
  off: 'inactive',
  no: 'inactive',
  false: 'inactive',
};

function dndStatus(key: string, value: unknown, allowed: string[]): string {
  const raw = String(value).trim().toLowerCase();
  const text = DND_SYNONYMS[raw] ?? raw;
  if (!allowed.includes(text))
    throw inputError(contactFieldLabel(key), `must be one of ${allowed.join(', ')} — got "${String(value).slice(0, 40)}".`);
  return text;
}

/**
 * The JSON body for POST /contacts/ (create), PUT /contacts/{id} (update) or POST /contacts/upsert: only the fields
 * the user filled, validated first (nothing is sent when a value is invalid). Custom fields are looked up by key.
 */
export async function contactBody(z: ZObject, bundle: Bundle, mode: ContactMode): Promise<Record<string, unknown>> {
  const input = (bundle.inputData ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  const fields = writtenIn(mode);
  for (const { key } of fields.filter((f) => f.kind === 'text')) {
    // Every standard field is text in HighLevel: a mapped number becomes its digits, a mapped list one line of
    // text — never a JSON number or array, which HighLevel rejects (422).
    const value = input[key];
    const text = Array.isArray(value) ? value.filter(given).map(String).join(', ') : given(value) ? String(value) : '';
    if (!text.trim()) continue;
    body[key] = validatedField(key, text.trim());
  }
  if (fields.some((f) => f.kind === 'tags') && given(input.tags)) {
    const list = (Array.isArray(input.tags) ? input.tags : String(input.tags).split(',')).map((t) => String(t).trim()).filter(Boolean);
    if (list.length) body.tags = list;
  }
  const dnd = bool('dnd', input.dnd);
  if (dnd !== undefined) body.dnd = dnd;
  const dndSettings: Record<string, { status: string }> = {};
  for (const c of DND_CHANNELS)
    if (given(input[c.key])) dndSettings[c.channel] = { status: dndStatus(c.key, input[c.key], ['active', 'inactive', 'permanent']) };
  if (Object.keys(dndSettings).length) body.dndSettings = dndSettings;
  if (given(input.inboundDnd))
    body.inboundDndSettings = { all: { status: dndStatus('inboundDnd', input.inboundDnd, ['active', 'inactive']) } };
  if (fields.some((f) => f.kind === 'flag') && bool('createNewIfDuplicateAllowed', input.createNewIfDuplicateAllowed)) {
    body.createNewIfDuplicateAllowed = true;
  }

  if (mode === 'upsert' && !body.email && !body.phone) {
    throw inputError('Email', 'or the "Phone" field must be filled: Create or Update Contact finds the existing contact by them.');
  }
  if (mode === 'create' && !['firstName', 'lastName', 'name', 'email', 'phone', 'companyName'].some((k) => body[k])) {
    throw inputError('Email', 'or a name or phone must be filled: HighLevel would create a contact nobody can recognise.');
  }
  const customFields = await customFieldsBody(z, bundle, input);
  if (customFields) body.customFields = customFields;
  if (mode !== 'update') body.locationId = locationId(bundle);
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const DROP = new Set([
  'address',
  'searchAfter',
  'emailLowerCase',
  'firstNameLowerCase',
  'lastNameLowerCase',
  'fullNameLowerCase',
  'contactName',
  'dndSettings',
  'inboundDndSettings',
  'birthMonth',
  'birthDay',
]);

/** A date from HighLevel (ISO text or epoch milliseconds, lib/dates.ts `normalizeDate`) → ISO 8601, or null. */
const isoOrNull = (v: unknown): string | null => normalizeDate(v) ?? null;

/** Date of birth as YYYY-MM-DD, whether HighLevel sent "1990-09-25", "1990-09-25T00:00:00.000Z" or epoch ms. */
function dayOrNull(v: unknown): string | null {
  const iso = isoOrNull(v);
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** A contact as every operation outputs it (see contactSample). */
export type ContactOutput = Record<string, any> & { id: string };

function shapeOne(raw: Record<string, any>, defs: CustomFieldDef[]): ContactOutput {
  const rest: Record<string, any> = {};
  for (const [k, v] of Object.entries(raw ?? {})) if (!DROP.has(k)) rest[k] = v;
  const dnd = raw.dndSettings ?? {};
  const customFields = Array.isArray(raw.customFields) ? raw.customFields : [];
  const name = raw.name || [raw.firstName, raw.lastName].filter(Boolean).join(' ') || raw.contactName || null;
  return {
    ...rest,
    id: String(raw.id ?? raw._id),
    locationId: raw.locationId ?? null,
    name,
    firstName: raw.firstName ?? null,
    lastName: raw.lastName ?? null,
    email: raw.email ?? null,
    phone: raw.phone ?? null,
    companyName: raw.companyName ?? null,
    address1: raw.address1 ?? raw.address ?? null,
    city: raw.city ?? null,
    state: raw.state ?? null,
    postalCode: raw.postalCode ?? null,
    country: raw.country ?? null,
    website: raw.website ?? null,
    timezone: raw.timezone ?? null,
    dateOfBirth: dayOrNull(raw.dateOfBirth),
    source: raw.source ?? null,
    type: raw.type ?? null,
    assignedTo: raw.assignedTo ?? null,
    businessId: raw.businessId ?? null,
    tags: Array.isArray(raw.tags) ? raw.tags : [],
    dnd: raw.dnd === true,
    ...Object.fromEntries(DND_CHANNELS.map((c) => [c.key, dnd?.[c.channel]?.status ?? null])),
    inboundDnd: raw.inboundDndSettings?.all?.status ?? null,
    dateAdded: isoOrNull(raw.dateAdded),
    dateUpdated: isoOrNull(raw.dateUpdated),
    label: contactLabel({ ...raw, name }),
    // The search answer carries these and a read by id may not: always present, so a contact has the same keys
    // whichever endpoint answered (an instant trigger reads by id, its polling twin searches)
    followers: Array.isArray(raw.followers) ? raw.followers : [],
    additionalEmails: Array.isArray(raw.additionalEmails) ? raw.additionalEmails : [],
    additionalPhones: Array.isArray(raw.additionalPhones) ? raw.additionalPhones : [],
    validEmail: typeof raw.validEmail === 'boolean' ? raw.validEmail : null,
    customFields,
    [CUSTOM_OUTPUT_KEY]: readableCustomFields(customFields, defs),
  };
}

/**
 * Raw contacts from any endpoint → one output shape with readable custom fields. Loads the custom field definitions
 * (cached) only when some contact has custom field values; if they cannot be loaded, `customField` stays empty
 * rather than failing the step (the raw `customFields` are still there).
 */
export async function contactOutput(z: ZObject, bundle: Bundle, contacts: any[]): Promise<ContactOutput[]> {
  const list = (contacts ?? []).filter((c) => c && typeof c === 'object');
  let defs: CustomFieldDef[] = [];
  if (list.some((c) => Array.isArray(c.customFields) && c.customFields.length)) {
    try {
      defs = await loadCustomFields(z, bundle);
    } catch (e) {
      z.console.log(`Custom field labels unavailable: ${(e as Error).message}`);
    }
  }
  return list.map((c) => shapeOne(c, defs));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading contacts

/** The contact of a create/update/upsert/get answer (`{ contact }`), or an error that says HighLevel sent none. */
export function contactFrom(z: ZObject, data: unknown, what: string): Record<string, any> {
  const contact = (data as { contact?: unknown } | undefined)?.contact;
  if (!contact || typeof contact !== 'object' || Array.isArray(contact)) {
    throw missingFromAnswer(z, what, 'contact', 'the contact');
  }
  return contact as Record<string, any>;
}

/** The contact a create/update/upsert answered with, shaped like every contact result (custom fields readable). */
export async function writtenContact(z: ZObject, bundle: Bundle, data: unknown, what: string): Promise<ContactOutput> {
  const [contact] = await contactOutput(z, bundle, [contactFrom(z, data, what)]);
  return contact!;
}

/** GET /contacts/{id} → the raw contact, or undefined when HighLevel has none with that id. */
export async function fetchContact(z: ZObject, id: string): Promise<Record<string, any> | undefined> {
  return (await ghlOrNone(z, { path: ghlPath`/contacts/${id}` }))?.contact ?? undefined;
}

export interface ContactSearch {
  pageLimit?: number;
  page?: number;
  query?: string;
  filters?: unknown[];
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  searchAfter?: unknown[];
}

/** POST /contacts/search for the connected sub-account (body rules: docs/contacts.md). Raw items. */
export async function searchContacts(
  z: ZObject,
  bundle: Bundle,
  search: ContactSearch,
): Promise<{ contacts: Record<string, any>[]; total?: number }> {
  const data = await ghl<{ contacts?: Record<string, any>[]; total?: number }>(z, {
    method: 'POST',
    path: '/contacts/search',
    body: { locationId: locationId(bundle), pageLimit: 100, ...search },
  });
  return { contacts: data?.contacts ?? [], total: data?.total };
}

/** The longest value (and `query`) HighLevel's contact search accepts; longer ones get 422. */
export const SEARCH_TEXT_MAX = 75;

/**
 * Exact name filters for a folded full name: "maria lopez" → first name "maria" AND last name "lopez". A name of
 * more words may split anywhere ("mary ann smith", "maria de la cruz"): each side becomes an OR group of the
 * possible parts, and the full-name check afterwards drops the cross pairs. One word: a first name and no last name.
 */
export function nameFilters(name: string): SearchFilter[] {
  const words = name.split(' ');
  if (words.length === 1) {
    return [
      { field: 'firstNameLowerCase', operator: 'eq', value: name },
      { field: 'lastNameLowerCase', operator: 'not_exists' },
    ];
  }
  const splits = words.slice(1).map((_, i) => ({ first: words.slice(0, i + 1).join(' '), last: words.slice(i + 1).join(' ') }));
  const side = (field: string, values: string[]): SearchFilter =>
    values.length === 1
      ? { field, operator: 'eq', value: values[0] }
      : { group: 'OR', filters: values.map((value) => ({ field, operator: 'eq', value })) };
  const firsts = splits.map((s) => s.first);
  const lasts = splits.map((s) => s.last);
  return [side('firstNameLowerCase', firsts), side('lastNameLowerCase', lasts)];
}
