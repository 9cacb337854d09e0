/**
 * The contact vocabulary: input fields for create/update/upsert (validated with zod before any request), the
 * request body each endpoint accepts, and one output shape for contacts from GET, create/update/upsert, duplicate
 * lookup, business lists and POST /contacts/search (whose items differ: `address` for `address1`, epoch
 * `dateOfBirth`, no `dndSettings` sometimes — highlevel-api.md §4.5/§4.7).
 *
 * Write gaps (highlevel-api.md §4.1/§4.3): PUT /contacts/{id} takes no locationId, gender or companyName (422), and
 * `tags` on PUT/upsert REPLACE all of a contact's tags — so update and upsert never send tags.
 */
import type { Bundle, PlainInputField, PlainOutputField, ZObject } from 'zapier-platform-core';
import * as zod from 'zod';
import { ghl, ghlOrNone, ghlPath, locationId } from './client.js';
import { inputError } from './errors.js';
import { normalizeDate } from './dates.js';
import { contactIdField, userIdField } from './fields.js';
import { parseBoolean } from './inputs.js';
import {
  CUSTOM_OUTPUT_KEY,
  customFieldInputFields,
  customFieldsBody,
  loadCustomFields,
  readableCustomFields,
  type CustomFieldDef,
} from './customFields.js';

export type ContactMode = 'create' | 'update' | 'upsert';

// ---------------------------------------------------------------------------------------------------------------
// Validation (zod): every check names the field and the form it expects.

/**
 * ISO 3166-1 alpha-2 codes HighLevel takes for `country`, with English names (from the runtime's ICU data). Built on
 * first use — 676 ICU look-ups that only the country dropdown and a filled-in Country need, not every cold start.
 */
const RETIRED = new Set('AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '));
type Country = { code: string; name: string };
let countryList: { all: Country[]; byName: Map<string, string>; codes: Set<string> } | undefined;
function countryTable() {
  if (countryList) return countryList;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const all: Country[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = RETIRED.has(code) ? undefined : names.of(code);
      if (name && name !== code) all.push({ code, name });
    }
  }
  all.sort((x, y) => x.name.localeCompare(y.name));
  return (countryList = { all, byName: new Map(all.map((c) => [c.name.toLowerCase(), c.code])), codes: new Set(all.map((c) => c.code)) });
}
export const countries = (): Country[] => countryTable().all;
const ALIASES: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  gb: 'GB',
  'great britain': 'GB',
  england: 'GB',
};

const MONTH_FIRST = /^(\d{1,2})[-/._](\d{1,2})[-/._](\d{4})$/;
const YEAR_FIRST = /^(\d{4})[-/._](\d{1,2})[-/._](\d{1,2})(?:[T ].*)?$/;

/** A calendar day in one of the forms HighLevel documents → YYYY-MM-DD (not in the future), or undefined. */
export function birthDay(text: string): string | undefined {
  let parts: [string, string, string];
  const yearFirst = YEAR_FIRST.exec(text);
  const monthFirst = yearFirst ? null : MONTH_FIRST.exec(text);
  if (yearFirst) parts = [yearFirst[1]!, yearFirst[2]!, yearFirst[3]!];
  else if (monthFirst) parts = [monthFirst[3]!, monthFirst[1]!, monthFirst[2]!];
  else if (/^[a-z]{3,9}\.? \d{1,2},? \d{4}$|^\d{1,2} [a-z]{3,9}\.? \d{4}$/i.test(text) && !Number.isNaN(Date.parse(text))) {
    const d = new Date(text); // "Sep 25, 1990", "25 September 1990": unambiguous, read as written
    parts = [String(d.getFullYear()), String(d.getMonth() + 1), String(d.getDate())];
  } else return undefined;
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  const real = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
  return real && date.getTime() <= Date.now() ? iso : undefined;
}

const trimmed = zod.preprocess((v) => (v === undefined || v === null ? undefined : String(v).trim()), zod.string());

const validators: Record<string, zod.ZodType> = {
  email: trimmed.pipe(zod.email({ error: 'must be an email address, such as maria@example.com' })),
  phone: trimmed.refine((v) => /^\+?[\d\s().-]+$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 7 && (v.match(/\d/g)?.length ?? 0) <= 15, {
    error: 'must be a phone number of 7 to 15 digits, best with the country code, such as +1 555 010 2030',
  }),
  dateOfBirth: trimmed.transform((v, ctx) => {
    const day = birthDay(v);
    if (!day)
      ctx.addIssue({
        code: 'custom',
        message: 'must be a past date such as 1990-09-25 (year first), 09/25/1990 (month first) or Sep 25, 1990',
      });
    return day ?? zod.NEVER;
  }),
  country: trimmed.transform((v, ctx) => {
    const lower = v.toLowerCase();
    const code = ALIASES[lower] ?? (v.length === 2 ? v.toUpperCase() : countryTable().byName.get(lower));
    if (!code || !countryTable().codes.has(code))
      ctx.addIssue({
        code: 'custom',
        message: 'must be a two-letter country code such as US, GB or DE (or a country name such as "Germany")',
      });
    return code ?? zod.NEVER;
  }),
  timezone: trimmed.refine(
    (v) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: v });
        return /\//.test(v) || v === 'UTC';
      } catch {
        return false;
      }
    },
    { error: 'must be an IANA time zone such as America/New_York or Europe/Berlin' },
  ),
  website: trimmed.refine((v) => !/\s/.test(v) && /\.[a-z]{2,}/i.test(v), {
    error: 'must be a web address such as https://www.example.com',
  }),
};

/** Runs the validator of a standard field (email, phone, dateOfBirth, country, timezone, website); throws inputError naming the field and the expected form. */
export function validatedField(key: string, value: unknown): unknown {
  const check = validators[key];
  if (!check) return value;
  const result = check.safeParse(value);
  if (result.success) return result.data;
  const problem = result.error.issues[0]?.message ?? 'is not valid';
  throw inputError(LABELS[key] ?? key, `${problem} — got "${String(value).slice(0, 60)}".`);
}

// ---------------------------------------------------------------------------------------------------------------
// Input fields

const DND_CHANNELS = [
  { key: 'dndCall', channel: 'Call', label: 'DND: Calls' },
  { key: 'dndEmail', channel: 'Email', label: 'DND: Emails' },
  { key: 'dndSms', channel: 'SMS', label: 'DND: SMS' },
  { key: 'dndWhatsApp', channel: 'WhatsApp', label: 'DND: WhatsApp' },
  { key: 'dndGmb', channel: 'GMB', label: 'DND: Google Business Messages' },
  { key: 'dndFb', channel: 'FB', label: 'DND: Facebook Messenger' },
] as const;
const DND_CHOICES = [
  { value: 'active', label: 'On: do not contact on this channel', sample: 'active' },
  { value: 'inactive', label: 'Off: may contact on this channel', sample: 'inactive' },
  { value: 'permanent', label: 'On permanently', sample: 'permanent' },
];

const LABELS: Record<string, string> = {
  firstName: 'First Name',
  lastName: 'Last Name',
  name: 'Full Name',
  email: 'Email',
  phone: 'Phone',
  companyName: 'Company Name',
  address1: 'Street Address',
  city: 'City',
  state: 'State',
  postalCode: 'Postal Code',
  country: 'Country',
  website: 'Website',
  timezone: 'Time Zone',
  dateOfBirth: 'Date of Birth',
  gender: 'Gender',
  source: 'Source',
  assignedTo: 'Assigned User',
  tags: 'Tags',
  dnd: 'Do Not Disturb (All Channels)',
  inboundDnd: 'DND: Inbound Messages',
  createNewIfDuplicateAllowed: 'Always Create a New Contact When Duplicates Are Allowed',
  ...Object.fromEntries(DND_CHANNELS.map((c) => [c.key, c.label])),
};

const str = (key: string, helpText: string, extra: Partial<PlainInputField> = {}): PlainInputField => ({
  key,
  label: LABELS[key]!,
  type: 'string',
  required: false,
  helpText,
  ...extra,
});

const KEEP = 'Leave empty to keep what HighLevel has.';

/** The contact input fields of each write action (custom fields come from `customFieldInputFields`). */
export function contactInputFields(mode: ContactMode): PlainInputField[] {
  const keep = mode === 'create' ? '' : ` ${KEEP}`;
  const fields: PlainInputField[] = [];
  if (mode === 'update') {
    fields.push(
      contactIdField({
        helpText: 'The contact to update. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact").',
      }),
    );
  }
  fields.push(
    str('firstName', `The contact's first name.${keep}`),
    str('lastName', `The contact's last name.${keep}`),
    str('name', `The full name, only if you don't have first and last name apart (HighLevel shows First Name + Last Name).${keep}`),
    str(
      'email',
      mode === 'upsert'
        ? 'The contact\'s email, e.g. maria@example.com. HighLevel looks for an existing contact by email and/or phone (in the order set under Settings → Business Profile → "Allow Duplicate Contact"). Fill Email or Phone.'
        : `The contact's primary email, e.g. maria@example.com.${keep}`,
    ),
    str(
      'phone',
      mode === 'upsert'
        ? "The contact's phone with country code, e.g. +1 555 010 2030. Used with Email to find an existing contact. Fill Email or Phone."
        : `The contact's phone with country code, e.g. +1 555 010 2030 (without it HighLevel assumes the sub-account's country).${keep}`,
    ),
  );
  if (mode !== 'update') {
    fields.push(
      str(
        'companyName',
        mode === 'upsert'
          ? 'The company the contact works for. HighLevel may not change it on an existing contact.'
          : "The company the contact works for. (HighLevel's update endpoint cannot change it later.)",
      ),
    );
  }
  fields.push(
    str('address1', `Street and number, e.g. 3535 1st St N.${keep}`),
    str('city', `City.${keep}`),
    str('state', `State, province or region, e.g. AL.${keep}`),
    str('postalCode', `ZIP or postal code.${keep}`),
    // Dropdowns from hidden triggers, not static choices: core re-compiles the definition on every invocation.
    str('country', `Pick a country, or map a two-letter code (US, GB, DE) or an English country name.${keep}`, {
      dynamic: 'country_list.id.name',
    }),
    str('website', `The contact's website, e.g. https://www.example.com.${keep}`),
    str('timezone', `The contact's time zone: pick one, or map an IANA name such as America/New_York.${keep}`, {
      dynamic: 'timezone_list.id.name',
    }),
    str('dateOfBirth', `Year first (1990-09-25), month first (09/25/1990) or written out (Sep 25, 1990).${keep}`),
  );
  if (mode !== 'update') {
    fields.push(
      str(
        'gender',
        mode === 'upsert'
          ? 'HighLevel ignores it when the contact already exists.'
          : "The contact's gender (HighLevel's update endpoint cannot change it later).",
        {
          choices: [
            { value: 'male', label: 'Male', sample: 'male' },
            { value: 'female', label: 'Female', sample: 'female' },
          ],
        },
      ),
    );
  }
  fields.push(
    str('source', `Where the contact came from, shown on the contact in HighLevel, e.g. "Zapier" or "Facebook Lead Ad".${keep}`),
    userIdField({
      helpText: `The user of this sub-account the contact is assigned to (Settings → My Staff). Pick one, or map a **User ID**.${keep}`,
    }),
  );
  if (mode === 'create') {
    fields.push({
      key: 'tags',
      label: LABELS.tags!,
      type: 'string',
      list: true,
      required: false,
      dynamic: 'tag_list.name.name',
      helpText: 'Tags to put on the new contact. Pick existing tags or type new ones (HighLevel creates tags it does not know yet).',
    });
  } else {
    fields.push({
      key: 'tagsNote',
      type: 'copy',
      helpText:
        "This step never changes tags: HighLevel would replace ALL of the contact's tags with the list sent here. " +
        'To add tags, add an **Add Tags to Contact** step after this one and map the **Contact ID** from this step.',
    });
  }
  fields.push(
    {
      key: 'dnd',
      label: LABELS.dnd!,
      type: 'boolean',
      required: false,
      helpText: `Yes stops all messages to this contact on every channel; No allows them (the per-channel settings below still apply).${keep}`,
    },
    ...DND_CHANNELS.map((c) =>
      str(
        c.key,
        `Do Not Disturb for ${c.channel === 'GMB' ? 'Google Business Profile messages' : c.channel === 'FB' ? 'Facebook Messenger' : c.channel} only.${keep}`,
        {
          choices: DND_CHOICES,
        },
      ),
    ),
    str('inboundDnd', `On blocks messages FROM this contact on every channel.${keep}`, { choices: DND_CHOICES.slice(0, 2) }),
  );
  if (mode === 'upsert') {
    fields.push({
      key: 'createNewIfDuplicateAllowed',
      label: LABELS.createNewIfDuplicateAllowed!,
      type: 'boolean',
      required: false,
      default: 'false',
      helpText:
        'Yes creates a new contact every time if the sub-account allows duplicate contacts (Settings → Business Profile). ' +
        'No (the default) updates the matching contact.',
    });
  }
  return fields;
}

/** Input fields of a write action: the static ones, then the sub-account's custom fields (function). */
export const contactWriteFields = (mode: ContactMode) => [...contactInputFields(mode), customFieldInputFields];

// ---------------------------------------------------------------------------------------------------------------
// Request bodies

const WRITABLE: Record<ContactMode, string[]> = {
  create: [
    'firstName',
    'lastName',
    'name',
    'email',
    'phone',
    'companyName',
    'address1',
    'city',
    'state',
    'postalCode',
    'country',
    'website',
    'timezone',
    'dateOfBirth',
    'gender',
    'source',
    'assignedTo',
  ],
  update: [
    'firstName',
    'lastName',
    'name',
    'email',
    'phone',
    'address1',
    'city',
    'state',
    'postalCode',
    'country',
    'website',
    'timezone',
    'dateOfBirth',
    'source',
    'assignedTo',
  ],
  upsert: [
    'firstName',
    'lastName',
    'name',
    'email',
    'phone',
    'companyName',
    'address1',
    'city',
    'state',
    'postalCode',
    'country',
    'website',
    'timezone',
    'dateOfBirth',
    'gender',
    'source',
    'assignedTo',
  ],
};

const given = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A yes/no input (lib/inputs.ts `parseBoolean`: "y", "on", "1" work too); undefined when left empty. */
const bool = (key: string, value: unknown): boolean | undefined => (given(value) ? parseBoolean(value, LABELS[key] ?? key) : undefined);

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
    throw inputError(LABELS[key] ?? key, `must be one of ${allowed.join(', ')} — got "${String(value).slice(0, 40)}".`);
  return text;
}

/**
 * The JSON body for POST /contacts/ (create), PUT /contacts/{id} (update) or POST /contacts/upsert: only the fields
 * the user filled, validated first (nothing is sent when a value is invalid). Custom fields are looked up by key.
 */
export async function contactBody(z: ZObject, bundle: Bundle, mode: ContactMode): Promise<Record<string, unknown>> {
  const input = (bundle.inputData ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const key of WRITABLE[mode]) {
    // Every standard field is text in HighLevel: a mapped number becomes its digits, a mapped list one line of
    // text — never a JSON number or array, which HighLevel rejects (422).
    const value = input[key];
    const text = Array.isArray(value) ? value.filter(given).map(String).join(', ') : given(value) ? String(value) : '';
    if (!text.trim()) continue;
    body[key] = validatedField(key, text.trim());
  }
  if (mode === 'create' && given(input.tags)) {
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
  if (mode === 'upsert' && bool('createNewIfDuplicateAllowed', input.createNewIfDuplicateAllowed)) {
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

/** The contact's own fields, read and written under the same keys and labels. */
const PERSON_FIELDS: { key: string; label: string }[] = [
  { key: 'firstName', label: 'First Name' },
  { key: 'lastName', label: 'Last Name' },
  { key: 'name', label: 'Full Name' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'companyName', label: 'Company Name' },
  { key: 'address1', label: 'Street Address' },
  { key: 'city', label: 'City' },
  { key: 'state', label: 'State' },
  { key: 'postalCode', label: 'Postal Code' },
  { key: 'country', label: 'Country' },
  { key: 'website', label: 'Website' },
  { key: 'timezone', label: 'Time Zone' },
  { key: 'dateOfBirth', label: 'Date of Birth' },
  { key: 'source', label: 'Source' },
];

/** Standard contact fields by key, for "watch a field" dropdowns and for reading a field of a shaped contact. */
export const STANDARD_CONTACT_FIELDS: { key: string; label: string }[] = [
  ...PERSON_FIELDS,
  { key: 'type', label: 'Type (Lead/Customer)' },
  { key: 'assignedTo', label: 'Assigned User' },
  { key: 'tags', label: 'Tags' },
  { key: 'dnd', label: 'Do Not Disturb (All Channels)' },
  ...DND_CHANNELS.map((c) => ({ key: c.key, label: c.label })),
  { key: 'businessId', label: 'Business' },
];

/** The value of a standard field (`email`) or a custom field key (`pincode`) in a contact shaped by contactOutput. */
export function contactFieldValue(contact: Record<string, any>, key: string): unknown {
  if (STANDARD_CONTACT_FIELDS.some((f) => f.key === key)) return contact[key];
  return contact[CUSTOM_OUTPUT_KEY]?.[key];
}

/** "Maria Lopez (maria@example.com)" — name, then email or phone; what contact dropdowns show. */
export function contactLabel(c: Record<string, any>): string {
  const name = String(c.name || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.contactName || '').trim();
  const reach = c.email || c.phone;
  if (name && reach) return `${name} (${reach})`;
  return name || reach || String(c.id);
}

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

const isoOrNull = (v: unknown): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' || /^\d{10,13}$/.test(String(v))) {
    const n = Number(v);
    return new Date(String(Math.trunc(n)).length <= 10 ? n * 1000 : n).toISOString();
  }
  return normalizeDate(v) ?? null;
};

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

/** Output fields every contact result declares (custom fields are labelled by `customFieldOutputFields`). */
export const contactOutputFields: PlainOutputField[] = [
  { key: 'id', label: 'Contact ID' },
  ...PERSON_FIELDS,
  { key: 'type', label: 'Type (Lead/Customer)' },
  { key: 'assignedTo', label: 'Assigned User ID' },
  { key: 'businessId', label: 'Business ID' },
  { key: 'tags', label: 'Tags', list: true },
  { key: 'dnd', label: 'Do Not Disturb (All Channels)', type: 'boolean' },
  ...DND_CHANNELS.map((c) => ({ key: c.key, label: c.label })),
  { key: 'dateAdded', label: 'Date Added', type: 'datetime' },
  { key: 'dateUpdated', label: 'Date Updated', type: 'datetime' },
  { key: 'locationId', label: 'Sub-Account (Location) ID' },
  { key: 'label', label: 'Contact Label (Name and Email or Phone)' },
];

/** A contact as triggers and searches return it (shaped by contactOutput). */
export const contactSample = {
  id: 'seD4PfOuKoVMLkEZqohJ',
  locationId: 've9EPM428h8vShlRW1KT',
  name: 'Maria Lopez',
  firstName: 'Maria',
  lastName: 'Lopez',
  email: 'maria.lopez@example.com',
  phone: '+15550102030',
  companyName: 'Lopez Landscaping',
  address1: '3535 1st St N',
  city: 'Dolomite',
  state: 'AL',
  postalCode: '35061',
  country: 'US',
  website: 'https://www.lopezlandscaping.example',
  timezone: 'America/Chicago',
  dateOfBirth: '1990-09-25',
  source: 'Zapier',
  type: 'lead',
  assignedTo: 'y0BeYjuRIlDwsDcOHOJo',
  businessId: '641c094001436dbc2081e642',
  tags: ['newsletter', 'webinar-2026'],
  dnd: false,
  dndCall: 'inactive',
  dndEmail: 'inactive',
  dndSms: 'active',
  dndWhatsApp: 'inactive',
  dndGmb: 'inactive',
  dndFb: 'inactive',
  inboundDnd: null,
  dateAdded: '2026-11-20T15:04:05.000Z',
  dateUpdated: '2026-11-21T09:30:12.000Z',
  label: 'Maria Lopez (maria.lopez@example.com)',
  // Custom field values depend on the sub-account: `customField: { pincode: '35061' }` (labelled by the outputFields
  // function), next to HighLevel's own `customFields: [{ id, value }]`. Left empty here so no key is promised.
  customFields: [] as { id: string; value: unknown }[],
  [CUSTOM_OUTPUT_KEY]: {} as Record<string, unknown>,
};

// ---------------------------------------------------------------------------------------------------------------
// Reading contacts

/** The contact of a create/update/upsert/get answer (`{ contact }`), or an error that says HighLevel sent none. */
export function contactIn(z: ZObject, data: unknown, what: string): Record<string, any> {
  const contact = (data as { contact?: unknown } | undefined)?.contact;
  if (!contact || typeof contact !== 'object' || Array.isArray(contact)) {
    throw new z.errors.Error(
      `HighLevel answered the ${what} without the contact. Check the contact in HighLevel before running the step again.`,
      'unexpected_response',
      200,
    );
  }
  return contact as Record<string, any>;
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

/** POST /contacts/search for the connected sub-account (body rules: highlevel-api.md §4.5). Raw items. */
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
