// Find Contact, Get Contact by ID, Find Contacts by Business, Find or Create Contact, and the contact dropdowns.
import { beforeEach, describe, expect, it } from '@jest/globals';
import type nock from 'nock';
import { App, LOCATION_ID, bundle, failure, ghlApi, ghlError, run, explain, said } from './helpers.js';
import { CONTACT_ID, clearZCache, mockCustomFields, rawContact, rawSearchItem } from './contacts.support.js';

beforeEach(clearZCache);

const NEWEST = [{ field: 'dateAdded', direction: 'desc' }];

describe('find_contact', () => {
  it('by ID: one GET', async () => {
    mockCustomFields();
    ghlApi().get(`/contacts/${CONTACT_ID}`).reply(200, { contact: rawContact() });
    const found = await run('searches', 'find_contact', bundle({ contactId: CONTACT_ID }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: CONTACT_ID, customField: { pincode: '35061', seats: 12 } });
  });

  it('by ID: an unknown id (400 "not found") is no result, not an error', async () => {
    ghlApi().get('/contacts/nope123').reply(400, ghlError(400, 'Contact with id nope123 not found'));
    expect(await run('searches', 'find_contact', bundle({ contactId: 'nope123' }))).toEqual([]);
  });

  it('by ID: other errors still fail the step', async () => {
    ghlApi().get(`/contacts/${CONTACT_ID}`).reply(403, ghlError(403, 'The token does not have access to this location.'));
    const error = await failure(run('searches', 'find_contact', bundle({ contactId: CONTACT_ID })));
    expect(explain(error).message).toMatch(/refused access/);
  });

  it('by email: an exact `eq` search, lower-cased, newest first, search items shaped like GET', async () => {
    mockCustomFields();
    ghlApi()
      .post('/contacts/search', {
        locationId: LOCATION_ID,
        pageLimit: 20,
        filters: [{ field: 'email', operator: 'eq', value: 'maria.lopez@example.com' }],
        sort: NEWEST,
      })
      .reply(200, { contacts: [rawSearchItem()], total: 1, traceId: 't1' });
    const found = await run('searches', 'find_contact', bundle({ email: ' Maria.Lopez@Example.com ' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: CONTACT_ID,
      address1: '3535 1st St N',
      dateOfBirth: '1990-09-25',
      customField: { pincode: '35061' },
    });
  });

  it('by phone: the duplicate lookup (phone `eq` search misses contacts, #289), formatting stripped', async () => {
    ghlApi()
      .get('/contacts/search/duplicate')
      .query({ locationId: LOCATION_ID, number: '+15550102030' })
      .reply(200, { contact: rawContact({ customFields: [] }), traceId: 't2' });
    const found = await run('searches', 'find_contact', bundle({ phone: '+1 (555) 010-2030' }));
    expect(found.map((c: any) => c.id)).toEqual([CONTACT_ID]);
  });

  it('by phone: no duplicate is no result', async () => {
    ghlApi().get('/contacts/search/duplicate').query(true).reply(200, { contact: null, traceId: 't3' });
    expect(await run('searches', 'find_contact', bundle({ phone: '+15550109999' }))).toEqual([]);
  });

  const byName = (first: nock.DataMatcherMap, last: nock.DataMatcherMap): nock.DataMatcherMap => ({
    locationId: LOCATION_ID,
    pageLimit: 100,
    filters: [first, last],
    sort: NEWEST,
  });

  it('by name: exact first and last name filters (lower case), keeping only exact full-name matches; one request', async () => {
    ghlApi()
      .post(
        '/contacts/search',
        byName(
          { field: 'firstNameLowerCase', operator: 'eq', value: 'maria' },
          { field: 'lastNameLowerCase', operator: 'eq', value: 'lopez' },
        ),
      )
      .reply(200, { contacts: [rawSearchItem({ customFields: [] })], total: 1 });
    const found = await run('searches', 'find_contact', bundle({ name: '  Maria   LOPEZ ' }));
    expect(found.map((c: any) => c.id)).toEqual([CONTACT_ID]);
  });

  it('by name: a name of more words tries every split in one request, and drops the cross pairs', async () => {
    const scope = ghlApi()
      .post(
        '/contacts/search',
        byName(
          {
            group: 'OR',
            filters: ['maria', 'maria de', 'maria de la'].map((value) => ({ field: 'firstNameLowerCase', operator: 'eq', value })),
          },
          {
            group: 'OR',
            filters: ['de la cruz', 'la cruz', 'cruz'].map((value) => ({ field: 'lastNameLowerCase', operator: 'eq', value })),
          },
        ),
      )
      .reply(200, {
        contacts: [
          rawSearchItem({ id: 'cross1', firstName: 'Maria', lastName: 'Cruz', contactName: 'maria cruz', customFields: [] }),
          rawSearchItem({ id: 'real1', firstName: 'Maria', lastName: 'de la Cruz', contactName: 'maria de la cruz', customFields: [] }),
        ],
        total: 2,
      });
    const found = await run('searches', 'find_contact', bundle({ name: 'Maria de la Cruz' }));
    expect(scope.isDone()).toBe(true);
    expect(found.map((c: any) => c.id)).toEqual(['real1']);
  });

  it('by name: one word is a first name without a last name', async () => {
    ghlApi()
      .post(
        '/contacts/search',
        byName({ field: 'firstNameLowerCase', operator: 'eq', value: 'cher' }, { field: 'lastNameLowerCase', operator: 'not_exists' }),
      )
      .reply(200, {
        contacts: [rawSearchItem({ id: 'cher1', firstName: 'Cher', lastName: undefined, contactName: 'cher', customFields: [] })],
      });
    const found = await run('searches', 'find_contact', bundle({ name: 'cher' }));
    expect(found.map((c: any) => c.id)).toEqual(['cher1']);
  });

  it('by name: only when the exact filters find no full-name match, the free-text search (2 requests)', async () => {
    const scope = ghlApi();
    scope.post('/contacts/search', (b) => b.filters?.[0]?.field === 'firstNameLowerCase').reply(200, { contacts: [], total: 0 });
    scope.post('/contacts/search', { locationId: LOCATION_ID, pageLimit: 100, query: 'maria lopez', sort: NEWEST }).reply(200, {
      contacts: [
        rawSearchItem({ id: 'near1', contactName: 'maria lopez-garcia', firstName: 'Maria', lastName: 'Lopez-Garcia', customFields: [] }),
        rawSearchItem({ id: 'named1', name: 'Maria Lopez', firstName: undefined, lastName: undefined, customFields: [] }),
      ],
      total: 2,
    });
    const found = await run('searches', 'find_contact', bundle({ name: 'Maria Lopez' }));
    expect(scope.isDone()).toBe(true);
    expect(found.map((c: any) => c.id)).toEqual(['named1']);
  });

  it('by email over 75 characters (more than the search takes): skips to the next criterion without searching it', async () => {
    const long = `maria.${'lopez'.repeat(14)}@example.com`; // 88 characters
    ghlApi()
      .get('/contacts/search/duplicate')
      .query({ locationId: LOCATION_ID, number: '+15550102030' })
      .reply(200, { contact: rawContact({ customFields: [] }) });
    // no interceptor for POST /contacts/search: an email search would fail the test
    const found = await run('searches', 'find_contact', bundle({ email: long, phone: '+1 555 010 2030' }));
    expect(found.map((c: any) => c.id)).toEqual([CONTACT_ID]);
    expect(await said(run('searches', 'find_contact', bundle({ email: long })))).toMatch(
      /"Email" field is longer than 75 characters.*Fill "Phone" or "Full Name" too/,
    );
  });

  it('falls through the criteria in order until one finds someone (ID → email → phone → name)', async () => {
    const scope = ghlApi();
    scope.get('/contacts/old999').reply(400, ghlError(400, 'Contact with id old999 not found'));
    scope.post('/contacts/search', (b) => b.filters?.[0]?.field === 'email').reply(200, { contacts: [], total: 0 });
    scope
      .get('/contacts/search/duplicate')
      .query(true)
      .reply(200, { contact: rawContact({ customFields: [] }) });
    const found = await run(
      'searches',
      'find_contact',
      bundle({ contactId: 'old999', email: 'maria@example.com', phone: '+15550102030', name: 'Maria Lopez' }),
    );
    expect(scope.isDone()).toBe(true); // three requests; the name search was not needed
    expect(found[0].id).toBe(CONTACT_ID);
  });

  it('finds nothing → []', async () => {
    ghlApi().post('/contacts/search').reply(200, { contacts: [], total: 0 });
    expect(await run('searches', 'find_contact', bundle({ email: 'nobody@example.com' }))).toEqual([]);
  });

  it('asks for a criterion, and validates email and phone, before any request', async () => {
    expect(await said(run('searches', 'find_contact', bundle({})))).toMatch(
      /"Email" field or one of "Contact", "Phone" or "Full Name" must be filled/,
    );
    expect(await said(run('searches', 'find_contact', bundle({ email: 'maria at example' })))).toMatch(
      /"Email" field must be an email address/,
    );
    expect(await said(run('searches', 'find_contact', bundle({ email: 'a@example.com', phone: 'n/a' })))).toMatch(/"Phone" field/);
    expect(await said(run('searches', 'find_contact', bundle({ name: 'x'.repeat(80) })))).toMatch(/"Full Name" field must be at most 75/);
  });

  it('passes a search error on', async () => {
    ghlApi()
      .post('/contacts/search')
      .reply(422, ghlError(422, ['pageLimit must not be greater than 500'], { error: 'Unprocessable Entity' }));
    const error = await failure(run('searches', 'find_contact', bundle({ email: 'a@example.com' })));
    expect(explain(error).message).toMatch(/pageLimit must not be greater than 500/);
  });
});

describe('get_contact', () => {
  it('returns the contact as a one-item list', async () => {
    ghlApi()
      .get(`/contacts/${CONTACT_ID}`)
      .reply(200, { contact: rawContact({ customFields: [] }) });
    const found = await run('searches', 'get_contact', bundle({ contactId: CONTACT_ID }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: CONTACT_ID, dndSms: 'active', dateOfBirth: '1990-09-25' });
  });

  it('an unknown id is no result', async () => {
    ghlApi().get('/contacts/zzz').reply(400, ghlError(400, 'Contact with id zzz not found'));
    expect(await run('searches', 'get_contact', bundle({ contactId: 'zzz' }))).toEqual([]);
  });

  it('a missing permission fails with a reconnect message', async () => {
    ghlApi().get(`/contacts/${CONTACT_ID}`).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('searches', 'get_contact', bundle({ contactId: CONTACT_ID })));
    expect(error.name).toBe('ExpiredAuthError');
  });
});

describe('find_contacts_by_business', () => {
  const BUSINESS = '641c094001436dbc2081e642';

  it('lists the contacts of the business, filtered by text when given', async () => {
    mockCustomFields();
    ghlApi()
      .get(`/contacts/business/${BUSINESS}`)
      .query({ locationId: LOCATION_ID, limit: '100', skip: '0', query: 'lopez' })
      .reply(200, {
        contacts: [
          rawSearchItem({ businessId: BUSINESS }),
          rawSearchItem({ id: 'c2', email: 'jo@example.com', businessId: BUSINESS, customFields: [] }),
        ],
        count: 2,
      });
    const found = await run('searches', 'find_contacts_by_business', bundle({ business: BUSINESS, query: ' lopez ' }));
    expect(found.map((c: any) => c.id)).toEqual([CONTACT_ID, 'c2']);
    expect(found[0]).toMatchObject({ businessId: BUSINESS, address1: '3535 1st St N', customField: { pincode: '35061' } });
  });

  it('no contacts, or an unknown business, is no result', async () => {
    ghlApi().get(`/contacts/business/${BUSINESS}`).query(true).reply(200, { contacts: [], count: 0 });
    expect(await run('searches', 'find_contacts_by_business', bundle({ business: BUSINESS }))).toEqual([]);
    ghlApi().get('/contacts/business/nope').query(true).reply(400, ghlError(400, 'Business not found'));
    expect(await run('searches', 'find_contacts_by_business', bundle({ business: 'nope' }))).toEqual([]);
  });

  it('other errors fail the step', async () => {
    ghlApi()
      .get(`/contacts/business/${BUSINESS}`)
      .query(true)
      .reply(422, ghlError(422, ['locationId must be a string']));
    const error = await failure(run('searches', 'find_contacts_by_business', bundle({ business: BUSINESS })));
    expect(explain(error).message).toMatch(/locationId must be a string/);
  });

  it('business has a plain text field (no dropdown source in the specs) whose key does not read as an id', () => {
    const field = (App as any).searches.find_contacts_by_business.operation.inputFields.find((f: unknown) => typeof f !== 'function');
    expect(field.key).toBe('business');
    expect(field.helpText).toMatch(/Business ID.*Contacts → Companies/s);
  });
});

describe('find or create contact', () => {
  it('searches with find_contact, creates with create_contact, and updates the contact found', () => {
    expect((App as any).searchOrCreates.find_contact).toEqual({
      key: 'find_contact',
      display: { label: 'Find or Create Contact', description: expect.stringMatching(/^Finds .*\.$/) },
      search: 'find_contact',
      create: 'create_contact',
      update: 'update_contact',
      updateInputFromSearchOutput: { contactId: 'id' },
    });
  });
});

describe('contact_list (dropdown)', () => {
  it('pages newest first, labelled "Name (email or phone)"', async () => {
    ghlApi()
      .post('/contacts/search', { locationId: LOCATION_ID, pageLimit: 100, page: 3, sort: NEWEST })
      .reply(200, {
        contacts: [rawSearchItem(), { id: 'c2', phone: '+15550100000', firstName: 'Jo' }, { id: 'c3', email: 'x@example.com' }],
        total: 203,
      });
    const items = await run('triggers', 'contact_list', bundle({}, { page: 2, isFillingDynamicDropdown: true }));
    expect(items).toEqual([
      { id: CONTACT_ID, label: 'Maria Lopez (maria.lopez@example.com)', email: 'maria.lopez@example.com', phone: '+15550102030' },
      { id: 'c2', label: 'Jo (+15550100000)', email: null, phone: '+15550100000' },
      { id: 'c3', label: 'x@example.com', email: 'x@example.com', phone: null },
    ]);
  });

  it('first page is HighLevel page 1', async () => {
    const scope = ghlApi()
      .post('/contacts/search', (b) => b.page === 1)
      .reply(200, { contacts: [], total: 0 });
    expect(await run('triggers', 'contact_list', bundle())).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });
});

describe('custom_field_list (dropdown)', () => {
  it('lists standard fields, then custom fields by key', async () => {
    mockCustomFields();
    const items = await run('triggers', 'custom_field_list', bundle({}, { isFillingDynamicDropdown: true }));
    expect(items[0]).toEqual({ id: 'firstName', name: 'First Name' });
    expect(items).toContainEqual({ id: 'email', name: 'Email' });
    expect(items).toContainEqual({ id: 'dndSms', name: 'DND: SMS' });
    expect(items).toContainEqual({ id: 'pincode', name: 'Pincode (custom field)' });
    expect(items).toContainEqual({ id: 'contract', name: 'Contract (custom field)' });
    expect(new Set(items.map((i: any) => i.id)).size).toBe(items.length);
  });
});
