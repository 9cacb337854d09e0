/**
 * The contact field table: every standard contact field once — key, label, help per mode, which modes write it, its
 * validator and its output declaration. The input fields of create/update/upsert, the set each request body may
 * carry, the "Watch Field" choices and the output fields are all derived from it.
 *
 * Write gaps (docs/contacts.md): PUT /contacts/{id} takes no locationId, gender or companyName (422), and `tags` on
 * PUT/upsert REPLACE all of a contact's tags — so update and upsert never send tags.
 */
import type { PlainInputField, PlainOutputField } from 'zapier-platform-core';
import { contactIdField, userIdField } from '../fields.js';
import { inputError } from '../errors.js';
import { CUSTOM_OUTPUT_KEY, customFieldInputFields, customFieldOutputFields } from './customFields.js';
import { country, dateOfBirth, email, phone, timezone, website, type Validator } from './validation.js';

export type ContactMode = 'create' | 'update' | 'upsert';

// ---------------------------------------------------------------------------------------------------------------
// The table

const ALL: readonly ContactMode[] = ['create', 'update', 'upsert'];
/** HighLevel's update endpoint cannot change these (PUT /contacts/{id} answers 422): written on create and upsert only. */
const NOT_ON_UPDATE: readonly ContactMode[] = ['create', 'upsert'];

export interface ContactField {
  key: string;
  label: string;
  /**
   * How a write sends it: `text` as trimmed text under its key (after `validator`); the others have their own body
   * shape (lib/contacts/api.ts `contactBody`); `read` fields are never written.
   */
  kind: 'text' | 'tags' | 'dnd' | 'dndChannel' | 'inboundDnd' | 'flag' | 'read';
  /** The write steps that show and send it. */
  modes?: readonly ContactMode[];
  /**
   * Help text. `any` is for every mode and gets "Leave empty to keep what HighLevel has." on update and upsert; a
   * mode's own text is used as written.
   */
  help?: Partial<Record<ContactMode | 'any', string>>;
  /** More of the input field (type, choices, dropdown). */
  input?: Partial<PlainInputField>;
  validator?: Validator;
  /** Declared as an output field (with these overrides of key/label). */
  output?: Partial<PlainOutputField>;
  /** Offered as a "Watch Field" choice, under this label (true: its label). */
  watch?: string | true;
  /** The HighLevel `dndSettings` channel of a `dndChannel` field. */
  channel?: string;
}

const DND_CHOICES = [
  { value: 'active', label: 'On: do not contact on this channel', sample: 'active' },
  { value: 'inactive', label: 'Off: may contact on this channel', sample: 'inactive' },
  { value: 'permanent', label: 'On permanently', sample: 'permanent' },
];

const text = (key: string, label: string, help: ContactField['help'], more: Partial<ContactField> = {}): ContactField => ({
  key,
  label,
  kind: 'text',
  modes: ALL,
  help,
  output: {},
  watch: true,
  ...more,
});

const dndChannel = (key: string, channel: string, label: string, what: string): ContactField => ({
  key,
  label,
  kind: 'dndChannel',
  channel,
  modes: ALL,
  help: { any: `Do Not Disturb for ${what} only.` },
  input: { choices: DND_CHOICES },
  output: {},
  watch: true,
});

/** Every standard contact field, in the order the editor shows them. */
export const CONTACT_FIELDS: readonly ContactField[] = [
  { key: 'id', label: 'Contact ID', kind: 'read', output: {} },
  text('firstName', 'First Name', { any: "The contact's first name." }),
  text('lastName', 'Last Name', { any: "The contact's last name." }),
  text('name', 'Full Name', {
    any: "The full name, only if you don't have first and last name apart (HighLevel shows First Name + Last Name).",
  }),
  text(
    'email',
    'Email',
    {
      any: "The contact's primary email, e.g. maria@example.com.",
      upsert:
        'The contact\'s email, e.g. maria@example.com. HighLevel looks for an existing contact by email and/or phone (in the order set under Settings → Business Profile → "Allow Duplicate Contact"). Fill Email or Phone.',
    },
    { validator: email },
  ),
  text(
    'phone',
    'Phone',
    {
      any: "The contact's phone with country code, e.g. +1 555 010 2030 (without it HighLevel assumes the sub-account's country).",
      upsert:
        "The contact's phone with country code, e.g. +1 555 010 2030. Used with Email to find an existing contact. Fill Email or Phone.",
    },
    { validator: phone },
  ),
  text(
    'companyName',
    'Company Name',
    {
      create: "The company the contact works for. (HighLevel's update endpoint cannot change it later.)",
      upsert: 'The company the contact works for. HighLevel may not change it on an existing contact.',
    },
    { modes: NOT_ON_UPDATE },
  ),
  text('address1', 'Street Address', { any: 'Street and number, e.g. 3535 1st St N.' }),
  text('city', 'City', { any: 'City.' }),
  text('state', 'State', { any: 'State, province or region, e.g. AL.' }),
  text('postalCode', 'Postal Code', { any: 'ZIP or postal code.' }),
  // Dropdowns from hidden triggers, not static choices: core re-compiles the definition on every invocation.
  text(
    'country',
    'Country',
    { any: 'Pick a country, or map a two-letter code (US, GB, DE) or an English country name.' },
    { validator: country, input: { dynamic: 'country_list.id.name' } },
  ),
  text('website', 'Website', { any: "The contact's website, e.g. https://www.example.com." }, { validator: website }),
  text(
    'timezone',
    'Time Zone',
    { any: "The contact's time zone: pick one, or map an IANA name such as America/New_York." },
    { validator: timezone, input: { dynamic: 'timezone_list.id.name' } },
  ),
  text(
    'dateOfBirth',
    'Date of Birth',
    { any: 'Year first (1990-09-25), month first (09/25/1990) or written out (Sep 25, 1990).' },
    { validator: dateOfBirth },
  ),
  text(
    'gender',
    'Gender',
    {
      create: "The contact's gender (HighLevel's update endpoint cannot change it later).",
      upsert: 'HighLevel ignores it when the contact already exists.',
    },
    {
      modes: NOT_ON_UPDATE,
      input: {
        choices: [
          { value: 'male', label: 'Male', sample: 'male' },
          { value: 'female', label: 'Female', sample: 'female' },
        ],
      },
      output: undefined,
      watch: undefined,
    },
  ),
  text('source', 'Source', { any: 'Where the contact came from, shown on the contact in HighLevel, e.g. "Zapier" or "Facebook Lead Ad".' }),
  { key: 'type', label: 'Type (Lead/Customer)', kind: 'read', output: {}, watch: true },
  text(
    'assignedTo',
    'Assigned User',
    { any: 'The user of this sub-account the contact is assigned to (Settings → My Staff). Pick one, or map a **User ID**.' },
    { output: { label: 'Assigned User ID' } },
  ),
  { key: 'businessId', label: 'Business ID', kind: 'read', output: {}, watch: 'Business' },
  {
    key: 'tags',
    label: 'Tags',
    kind: 'tags',
    modes: ['create'],
    help: { create: 'Tags to put on the new contact. Pick existing tags or type new ones (HighLevel creates tags it does not know yet).' },
    input: { list: true, dynamic: 'tag_list.name.name' },
    output: { list: true },
    watch: true,
  },
  {
    key: 'dnd',
    label: 'Do Not Disturb (All Channels)',
    kind: 'dnd',
    modes: ALL,
    help: { any: 'Yes stops all messages to this contact on every channel; No allows them (the per-channel settings below still apply).' },
    input: { type: 'boolean' },
    output: { type: 'boolean' },
    watch: true,
  },
  dndChannel('dndCall', 'Call', 'DND: Calls', 'Call'),
  dndChannel('dndEmail', 'Email', 'DND: Emails', 'Email'),
  dndChannel('dndSms', 'SMS', 'DND: SMS', 'SMS'),
  dndChannel('dndWhatsApp', 'WhatsApp', 'DND: WhatsApp', 'WhatsApp'),
  dndChannel('dndGmb', 'GMB', 'DND: Google Business Messages', 'Google Business Profile messages'),
  dndChannel('dndFb', 'FB', 'DND: Facebook Messenger', 'Facebook Messenger'),
  {
    key: 'inboundDnd',
    label: 'DND: Inbound Messages',
    kind: 'inboundDnd',
    modes: ALL,
    help: { any: 'On blocks messages FROM this contact on every channel.' },
    input: { choices: DND_CHOICES.slice(0, 2) },
  },
  {
    key: 'createNewIfDuplicateAllowed',
    label: 'Always Create a New Contact When Duplicates Are Allowed',
    kind: 'flag',
    modes: ['upsert'],
    help: {
      upsert:
        'Yes creates a new contact every time if the sub-account allows duplicate contacts (Settings → Business Profile). ' +
        'No (the default) updates the matching contact.',
    },
    input: { type: 'boolean', default: 'false' },
  },
  { key: 'dateAdded', label: 'Date Added', kind: 'read', output: { type: 'datetime' } },
  { key: 'dateUpdated', label: 'Date Updated', kind: 'read', output: { type: 'datetime' } },
  { key: 'locationId', label: 'Sub-Account (Location) ID', kind: 'read', output: {} },
  { key: 'label', label: 'Contact Label (Name and Email or Phone)', kind: 'read', output: {} },
];

const BY_KEY = new Map(CONTACT_FIELDS.map((f) => [f.key, f]));
const labelOf = (key: string) => BY_KEY.get(key)?.label ?? key;

/** The fields a write step in `mode` shows and sends. */
export const writtenIn = (mode: ContactMode): ContactField[] => CONTACT_FIELDS.filter((f) => f.modes?.includes(mode));

/** The `dndChannel` fields with their HighLevel channel names. */
export const DND_CHANNELS = CONTACT_FIELDS.filter((f) => f.kind === 'dndChannel') as (ContactField & { channel: string })[];

/** Runs the validator of a standard field (email, phone, dateOfBirth, country, timezone, website); throws inputError naming the field and the expected form. */
export function validatedField(key: string, value: unknown): unknown {
  const validator = BY_KEY.get(key)?.validator;
  if (!validator) return value;
  const valid = value === undefined || value === null ? undefined : validator.check(String(value).trim());
  if (valid !== undefined) return valid;
  throw inputError(labelOf(key), `${validator.expects} — got "${String(value).slice(0, 60)}".`);
}

/** The label a field's input errors name ("Do Not Disturb (All Channels)"). */
export const contactFieldLabel = labelOf;

// ---------------------------------------------------------------------------------------------------------------
// Derived: input fields, watch choices, output fields

const KEEP = 'Leave empty to keep what HighLevel has.';

function helpFor(field: ContactField, mode: ContactMode): string {
  const own = field.help?.[mode];
  if (own !== undefined) return own;
  const any = field.help?.any ?? '';
  return mode === 'create' ? any : `${any} ${KEEP}`;
}

function inputFieldOf(field: ContactField, mode: ContactMode): PlainInputField {
  const helpText = helpFor(field, mode);
  if (field.key === 'assignedTo') return userIdField({ helpText });
  return { key: field.key, label: field.label, type: 'string', required: false, helpText, ...field.input };
}

/** Update and upsert show this where create has Tags. */
const tagsNote: PlainInputField = {
  key: 'tagsNote',
  type: 'copy',
  helpText:
    "This step never changes tags: HighLevel would replace ALL of the contact's tags with the list sent here. " +
    'To add tags, add an **Add Tags to Contact** step after this one and map the **Contact ID** from this step.',
};

/** The contact input fields of each write action (custom fields come from `customFieldInputFields`). */
export function contactInputFields(mode: ContactMode): PlainInputField[] {
  const fields: PlainInputField[] = [];
  if (mode === 'update') {
    fields.push(
      contactIdField({
        helpText: 'The contact to update. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact").',
      }),
    );
  }
  for (const field of CONTACT_FIELDS) {
    if (field.modes?.includes(mode)) fields.push(inputFieldOf(field, mode));
    else if (field.key === 'tags' && mode !== 'create') fields.push(tagsNote);
  }
  return fields;
}

/** Input fields of a write action: the static ones, then the sub-account's custom fields (function). */
export const contactWriteFields = (mode: ContactMode) => [...contactInputFields(mode), customFieldInputFields];

/** Standard contact fields by key, for "watch a field" dropdowns and for reading a field of a shaped contact. */
export const STANDARD_CONTACT_FIELDS: { key: string; label: string }[] = CONTACT_FIELDS.filter((f) => f.watch).map((f) => ({
  key: f.key,
  label: f.watch === true ? f.label : f.watch!,
}));

/** The value of a standard field (`email`) or a custom field key (`pincode`) in a contact shaped by contactOutput. */
export function contactFieldValue(contact: Record<string, any>, key: string): unknown {
  if (STANDARD_CONTACT_FIELDS.some((f) => f.key === key)) return contact[key];
  return contact[CUSTOM_OUTPUT_KEY]?.[key];
}

/** Output fields every contact result declares (custom fields are labelled by `customFieldOutputFields`). */
export const contactOutputFields: PlainOutputField[] = CONTACT_FIELDS.filter((f) => f.output).map((f) => ({
  key: f.key,
  label: f.label,
  ...f.output,
}));

/** The output fields of every operation that returns contacts: the standard ones, then the sub-account's custom fields. */
export const contactResultFields = [...contactOutputFields, customFieldOutputFields];

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

/** "Maria Lopez (maria.lopez@example.com)" — name, then email or phone; what contact dropdowns show. */
export function contactLabel(c: Record<string, any>): string {
  const name = String(c.name || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.contactName || '').trim();
  const reach = c.email || c.phone;
  if (name && reach) return `${name} (${reach})`;
  return name || reach || String(c.id);
}
