// The contact vocabulary: custom field definitions (cache), typed custom field inputs and outputs, the output shape
// of contacts from GET vs search, and validation.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { LOCATION_ID, appTester, bundle, explain, failure, ghlApi, ghlError, run } from './helpers.js';
import { CONTACT_ID, clearZCache, mockCustomFields, rawContact, rawSearchItem } from './contacts.support.js';
import {
  birthDay,
  contactInputFields,
  contactLabel,
  contactFieldValue,
  contactOutput,
  contactSample,
  contactOutputFields,
  validatedField,
  customFieldInputFields,
  customFieldOutputFields,
  loadCustomFields,
  readableCustomFields,
} from '../lib/contacts/index.js';

beforeEach(clearZCache);

/** Runs a lib function with a real z (request middleware, z.cache) — untyped for the assertions. */
const call = (fn: (z: any, b: any) => unknown, b: any): Promise<any> => appTester(fn as any, b);

const defsOf = () => call((z: any, b: any) => loadCustomFields(z, b), bundle());

describe('custom field definitions', () => {
  it('are loaded once and then served from z.cache, keyed without the "contact." prefix', async () => {
    const scope = mockCustomFields(1);
    const first = await defsOf();
    const second = await defsOf(); // no second request: nock would throw on an unmatched one
    expect(scope.isDone()).toBe(true);
    expect(second).toEqual(first);
    expect(first.find((d: any) => d.key === 'pincode')).toEqual({
      id: 'MgobCB14YMVKuE4Ka8p1',
      name: 'Pincode',
      key: 'pincode',
      dataType: 'TEXT',
      options: [],
      placeholder: 'Pin code',
    });
    expect(first.find((d: any) => d.key === 'plan').options).toEqual(['Basic', 'Pro']);
  });

  it('fresh: true skips the cache', async () => {
    const scope = mockCustomFields(2);
    await defsOf();
    await call((z: any, b: any) => loadCustomFields(z, b, { fresh: true }), bundle());
    expect(scope.isDone()).toBe(true);
  });

  it('become typed input fields keyed by field key; file uploads are left out', async () => {
    mockCustomFields();
    const fields = await call((z: any, b: any) => customFieldInputFields(z, b), bundle());
    const byKey = Object.fromEntries(fields.map((f: any) => [f.key, f]));
    expect(Object.keys(byKey)).toEqual([
      'customField_pincode',
      'customField_budget',
      'customField_seats',
      'customField_renewal_date',
      'customField_plan',
      'customField_interests',
      'customField_backstory',
      'customField_referral_email',
    ]);
    expect(byKey.customField_pincode).toMatchObject({ label: 'Pincode', type: 'string', required: false });
    expect(byKey.customField_budget.type).toBe('number');
    expect(byKey.customField_seats.type).toBe('number');
    expect(byKey.customField_renewal_date.type).toBe('datetime');
    expect(byKey.customField_backstory.type).toBe('text');
    expect(byKey.customField_plan.choices).toEqual([
      { value: 'Basic', label: 'Basic', sample: 'Basic' },
      { value: 'Pro', label: 'Pro', sample: 'Pro' },
    ]);
    expect(byKey.customField_interests).toMatchObject({ list: true, type: 'string' });
    expect(byKey.customField_pincode.helpText).toMatch(/key `pincode`/);
  });

  it('explain instead of breaking the step when they cannot be loaded (missing permission)', async () => {
    ghlApi()
      .get(`/locations/${LOCATION_ID}/customFields`)
      .query(true)
      .reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const fields = await call((z: any, b: any) => customFieldInputFields(z, b), bundle());
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({ type: 'copy' });
    expect(fields[0].helpText).toMatch(/Custom fields could not be loaded.*Reconnect HighLevel/);
  });

  it.each([
    [401, 'Invalid JWT', 'RefreshAuthError'],
    [429, 'Too many requests', 'ThrottledError'],
  ])('let a %s ("%s") through as %s, so Zapier refreshes or retries and the fields come back', async (status, message, name) => {
    for (const fn of [customFieldInputFields, customFieldOutputFields]) {
      clearZCache();
      ghlApi().get(`/locations/${LOCATION_ID}/customFields`).query(true).reply(status, ghlError(status, message));
      expect(explain(await failure(call((z: any, b: any) => fn(z, b), bundle()))).name).toBe(name);
    }
  });

  it('label the readable output keys "Custom Field: <name>", numbers and dates typed', async () => {
    mockCustomFields();
    const fields = await call((z: any, b: any) => customFieldOutputFields(z, b), bundle());
    expect(fields).toContainEqual({ key: 'customField__pincode', label: 'Custom Field: Pincode' });
    expect(fields).toContainEqual({ key: 'customField__seats', label: 'Custom Field: Seats', type: 'number' });
    expect(fields).toContainEqual({ key: 'customField__renewal_date', label: 'Custom Field: Renewal Date', type: 'datetime' });
    expect(fields).toContainEqual({ key: 'customField__contract', label: 'Custom Field: Contract' });
  });

  it('output labels are dropped, not an error, when definitions cannot be loaded', async () => {
    ghlApi().get(`/locations/${LOCATION_ID}/customFields`).query(true).reply(500, ghlError(500, 'Internal server error'));
    expect(await call((z: any, b: any) => customFieldOutputFields(z, b), bundle())).toEqual([]);
  });
});

describe('readableCustomFields', () => {
  const defs = [
    { id: 'a1', name: 'Pincode', key: 'pincode', dataType: 'TEXT', options: [] },
    { id: 'b2', name: 'Seats', key: 'seats', dataType: 'NUMERICAL', options: [] },
    { id: 'c3', name: 'Renewal Date', key: 'renewal_date', dataType: 'DATE', options: [] },
    { id: 'd4', name: 'Contract', key: 'contract', dataType: 'FILE_UPLOAD', options: [] },
    { id: 'e5', name: 'Interests', key: 'interests', dataType: 'CHECKBOX', options: [] },
  ];

  it('maps ids to keys and types the values; unknown ids are left to the raw list', () => {
    const out = readableCustomFields(
      [
        { id: 'a1', value: '35061' },
        { id: 'b2', value: '12' },
        { id: 'c3', value: 1795132800000 },
        {
          id: 'd4',
          value: {
            f311: {
              meta: { originalname: 'contract.pdf' },
              url: 'https://services.leadconnectorhq.com/documents/download/w2M9qTZ0ZJz8rGt02jdJ',
            },
          },
        },
        { id: 'e5', value: ['SEO', 'Ads'] },
        { id: 'zz', value: 'orphan' },
      ],
      defs,
    );
    expect(out).toEqual({
      pincode: '35061',
      seats: 12,
      renewal_date: '2026-11-20T00:00:00.000Z',
      contract: ['https://services.leadconnectorhq.com/documents/download/w2M9qTZ0ZJz8rGt02jdJ'],
      interests: ['SEO', 'Ads'],
    });
  });

  it('reads epoch dates as milliseconds, whatever their length (HighLevel sends ms): days near 1970 stay there', () => {
    expect(readableCustomFields([{ id: 'c3', value: 345600000 }], defs)).toEqual({ renewal_date: '1970-01-05T00:00:00.000Z' });
    expect(readableCustomFields([{ id: 'c3', value: '345600000' }], defs)).toEqual({ renewal_date: '1970-01-05T00:00:00.000Z' });
    expect(readableCustomFields([{ id: 'c3', value: -86400000 }], defs)).toEqual({ renewal_date: '1969-12-31T00:00:00.000Z' });
  });

  it('reads numbers with a thousands comma, and keeps a decimal comma as it came rather than change its magnitude', () => {
    expect(readableCustomFields([{ id: 'b2', value: '1,234.5' }], defs)).toEqual({ seats: 1234.5 });
    expect(readableCustomFields([{ id: 'b2', value: '199,99' }], defs)).toEqual({ seats: '199,99' });
  });

  it('keeps a number it cannot read as it came', () => {
    expect(readableCustomFields([{ id: 'b2', value: 'twelve' }], defs)).toEqual({ seats: 'twelve' });
    expect(readableCustomFields(undefined, defs)).toEqual({});
  });
});

describe('contactOutput', () => {
  it('gives GET and search items one shape: address1, date-only birthday, flat DND, readable custom fields', async () => {
    mockCustomFields();
    const [fromGet, fromSearch] = await call((z: any, b: any) => contactOutput(z, b, [rawContact(), rawSearchItem()]), bundle());
    for (const c of [fromGet, fromSearch]) {
      expect(c).toMatchObject({
        id: CONTACT_ID,
        name: 'Maria Lopez',
        address1: '3535 1st St N',
        dateOfBirth: '1990-09-25',
        dateAdded: '2026-11-20T15:04:05.704Z',
        tags: ['newsletter'],
        dnd: false,
      });
      expect(c.customField.pincode).toBe('35061');
      for (const key of ['address', 'searchAfter', 'emailLowerCase', 'firstNameLowerCase', 'contactName', 'dndSettings'])
        expect(c).not.toHaveProperty(key);
    }
    expect(fromGet.customField).toEqual({ pincode: '35061', seats: 12 });
    expect(fromGet).toMatchObject({
      dndSms: 'active',
      dndEmail: 'inactive',
      dndCall: null,
      label: 'Maria Lopez (maria.lopez@example.com)',
    });
    expect(fromSearch).toMatchObject({ dndSms: null, website: null, additionalEmails: [] });
  });

  it('reads epoch dates of search items as milliseconds, also within days of 1970 and before it', async () => {
    const [near, before] = await call(
      (z: any, b: any) =>
        contactOutput(z, b, [
          rawSearchItem({ dateOfBirth: 345600000, dateAdded: 345600000, customFields: [] }),
          rawSearchItem({ dateOfBirth: -86400000, customFields: [] }),
        ]),
      bundle(),
    );
    expect(near).toMatchObject({ dateOfBirth: '1970-01-05', dateAdded: '1970-01-05T00:00:00.000Z' });
    expect(before.dateOfBirth).toBe('1969-12-31');
  });

  it('has every key of the shared sample and output fields, whatever the endpoint left out', async () => {
    const [sparse] = await call((z: any, b: any) => contactOutput(z, b, [{ id: 'x1', email: 'a@example.com' }]), bundle());
    for (const key of Object.keys(contactSample)) expect(sparse).toHaveProperty(key);
    for (const f of contactOutputFields) expect(sparse).toHaveProperty(f.key);
    expect(sparse).toMatchObject({ name: null, tags: [], customFields: [], customField: {}, label: 'a@example.com' });
  });

  it('makes no definitions request when no contact has custom field values', async () => {
    // nock has no interceptor: a request would fail the test
    const out = await call((z: any, b: any) => contactOutput(z, b, [rawContact({ customFields: [] })]), bundle());
    expect(out[0].customField).toEqual({});
  });

  it('still returns the contact when the definitions cannot be loaded', async () => {
    ghlApi()
      .get(`/locations/${LOCATION_ID}/customFields`)
      .query(true)
      .reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const [c] = await call((z: any, b: any) => contactOutput(z, b, [rawContact()]), bundle());
    expect(c.customField).toEqual({});
    expect(c.customFields).toHaveLength(2);
  });

  it('reads standard and custom fields by key', async () => {
    mockCustomFields();
    const [c] = await call((z: any, b: any) => contactOutput(z, b, [rawContact()]), bundle());
    expect(contactFieldValue(c, 'email')).toBe('maria.lopez@example.com');
    expect(contactFieldValue(c, 'pincode')).toBe('35061');
    expect(contactFieldValue(c, 'dndSms')).toBe('active');
  });
});

describe('contactLabel', () => {
  it('is "Name (email or phone)"', () => {
    expect(contactLabel({ id: 'c1', firstName: 'Sam', lastName: 'Lee', phone: '+15550100000' })).toBe('Sam Lee (+15550100000)');
    expect(contactLabel({ id: 'c1', phone: '+15550100000' })).toBe('+15550100000');
    expect(contactLabel({ id: 'c1' })).toBe('c1');
  });
});

describe('validation', () => {
  const problem = (key: string, value: unknown) => {
    try {
      validatedField(key, value);
    } catch (e) {
      return JSON.parse((e as Error).message).message as string;
    }
    return undefined;
  };

  it('accepts and normalizes good values', () => {
    expect(validatedField('email', '  maria@example.com ')).toBe('maria@example.com');
    expect(validatedField('phone', '+1 (555) 010-2030')).toBe('+1 (555) 010-2030');
    expect(validatedField('country', 'us')).toBe('US');
    expect(validatedField('country', 'Germany')).toBe('DE');
    expect(validatedField('country', 'UK')).toBe('GB');
    expect(validatedField('timezone', 'America/New_York')).toBe('America/New_York');
    expect(validatedField('dateOfBirth', '09/25/1990')).toBe('1990-09-25');
    expect(validatedField('dateOfBirth', '1990.9.5')).toBe('1990-09-05');
    expect(validatedField('dateOfBirth', '1990-09-25T00:00:00Z')).toBe('1990-09-25');
    expect(validatedField('dateOfBirth', 'Sep 25, 1990')).toBe('1990-09-25');
    expect(validatedField('dateOfBirth', '5 September 1990')).toBe('1990-09-05');
  });

  it('names the field and the expected form', () => {
    expect(problem('email', 'maria@')).toMatch(/"Email" field must be an email address, such as maria@example.com — got "maria@"/);
    expect(problem('phone', 'call me')).toMatch(/"Phone" field must be a phone number/);
    expect(problem('phone', '12345')).toMatch(/"Phone" field must be a phone number of 7 to 15 digits/);
    expect(problem('country', 'Atlantis')).toMatch(/"Country" field must be a two-letter country code/);
    expect(problem('country', 'XX')).toMatch(/"Country" field/);
    expect(problem('timezone', 'Mars/Olympus')).toMatch(/"Time Zone" field must be an IANA time zone/);
    expect(problem('dateOfBirth', '25/09/1990')).toMatch(/"Date of Birth" field must be a past date such as 1990-09-25/);
    expect(problem('dateOfBirth', '1990-02-30')).toMatch(/"Date of Birth"/);
    expect(problem('website', 'not a site')).toMatch(/"Website" field must be a web address/);
  });

  it('rejects a birthday in the future', () => {
    expect(birthDay('2999-01-01')).toBeUndefined();
    expect(birthDay('1990-09-25')).toBe('1990-09-25');
  });
});

describe('contact input fields', () => {
  const keys = (mode: 'create' | 'update' | 'upsert') => contactInputFields(mode).map((f) => f.key);

  it('update never offers what PUT rejects or what overwrites tags', () => {
    expect(keys('update')).toEqual(expect.arrayContaining(['contactId', 'email', 'assignedTo', 'dndSms', 'tagsNote']));
    for (const k of ['locationId', 'gender', 'companyName', 'tags']) expect(keys('update')).not.toContain(k);
    expect(contactInputFields('update').find((f) => f.key === 'tagsNote')?.helpText).toMatch(/never changes tags.*replace ALL/);
  });

  it('upsert has no tags but the duplicate switch; create has tags as a tag dropdown list', () => {
    expect(keys('upsert')).toEqual(expect.arrayContaining(['companyName', 'gender', 'createNewIfDuplicateAllowed', 'tagsNote']));
    expect(keys('upsert')).not.toContain('tags');
    expect(contactInputFields('create').find((f) => f.key === 'tags')).toMatchObject({ list: true, dynamic: 'tag_list.name.name' });
    expect(contactInputFields('create').find((f) => f.key === 'assignedTo')).toMatchObject({ dynamic: 'user_list.id.name' });
    expect(keys('create')).not.toContain('contactId');
  });

  it('offers a country dropdown of ISO codes (from a hidden trigger, no request) and a timezone dropdown', async () => {
    const fields = contactInputFields('create');
    expect(fields.find((f) => f.key === 'country')!.dynamic).toBe('country_list.id.name');
    expect(fields.find((f) => f.key === 'timezone')!.dynamic).toBe('timezone_list.id.name');
    const countries = (await run('triggers', 'country_list', bundle())) as { id: string; name: string }[];
    expect(countries).toContainEqual({ id: 'US', name: 'United States (US)' });
    expect(countries.length).toBeGreaterThan(240);
    expect(countries.map((c) => c.id)).not.toContain('UK');
  });
});

it('an expired token while loading definitions asks Zapier to refresh (not swallowed by the cache layer)', async () => {
  ghlApi().get(`/locations/${LOCATION_ID}/customFields`).query(true).reply(401, ghlError(401, 'Invalid JWT'));
  const error = await failure(defsOf());
  expect(error.name).toBe('RefreshAuthError');
});
