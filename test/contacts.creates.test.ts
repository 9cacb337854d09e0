// Create Contact, Update Contact, Create or Update Contact, Delete Contact.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { LOCATION_ID, appTester, bundle, failure, ghlApi, ghlError, run, explain } from './helpers.js';
import { loadCustomFields } from '../lib/contacts/index.js';
import { CONTACT_ID, clearZCache, mockCustomFields, rawContact } from './contacts.support.js';

beforeEach(clearZCache);

describe('create_contact', () => {
  it('posts only the fields given, validated and normalized, and returns the contact with readable custom fields', async () => {
    mockCustomFields();
    let sent: any;
    ghlApi()
      .post('/contacts/', (body) => ((sent = body), true))
      .reply(201, { contact: rawContact({ tags: ['vip', 'webinar-2026'] }) });
    const out = await run(
      'creates',
      'create_contact',
      bundle({
        firstName: ' Maria ',
        lastName: 'Lopez',
        email: 'maria.lopez@example.com',
        phone: '+1 555 010 2030',
        country: 'United States',
        dateOfBirth: '09/25/1990',
        gender: 'female',
        companyName: 'Lopez Landscaping',
        assignedTo: 'y0BeYjuRIlDwsDcOHOJo',
        source: 'Zapier',
        tags: ['vip', ' webinar-2026 '],
        dnd: false,
        dndSms: 'active',
        dndEmail: 'Off',
        inboundDnd: 'active',
        customField_pincode: '35061',
        customField_seats: '12',
        customField_budget: '$1,250.50',
        customField_renewal_date: '2026-11-20T23:00:00-05:00',
        customField_plan: 'Pro',
        customField_interests: ['SEO', 'Ads'],
      }),
    );
    expect(sent).toEqual({
      locationId: LOCATION_ID,
      firstName: 'Maria',
      lastName: 'Lopez',
      email: 'maria.lopez@example.com',
      phone: '+1 555 010 2030',
      country: 'US',
      dateOfBirth: '1990-09-25',
      gender: 'female',
      companyName: 'Lopez Landscaping',
      assignedTo: 'y0BeYjuRIlDwsDcOHOJo',
      source: 'Zapier',
      tags: ['vip', 'webinar-2026'],
      dnd: false,
      dndSettings: { SMS: { status: 'active' }, Email: { status: 'inactive' } },
      inboundDndSettings: { all: { status: 'active' } },
      customFields: [
        { id: 'MgobCB14YMVKuE4Ka8p1', field_value: '35061' },
        { id: 'p3RfYh6WqLm2nZs9dC0e', field_value: 12 },
        { id: 'Kx8cnQ2vTz7uLw4bE1aR', field_value: 1250.5 },
        { id: 'Jd7sKe2LwQ9zXc4vBn1m', field_value: '2026-11-20' },
        { id: 'Tq5wEr8tYu1iOp3aSd6f', field_value: 'Pro' },
        { id: 'Gh2jKl4zXc6vBn8mQw0e', field_value: ['SEO', 'Ads'] },
      ],
    });
    expect(out).toMatchObject({
      id: CONTACT_ID,
      email: 'maria.lopez@example.com',
      dateOfBirth: '1990-09-25',
      tags: ['vip', 'webinar-2026'],
    });
    expect(out.customField).toEqual({ pincode: '35061', seats: 12 });
  });

  it('makes one request and no definitions request when no custom field is involved', async () => {
    const scope = ghlApi()
      .post('/contacts/', { locationId: LOCATION_ID, email: 'sam@example.com' })
      .reply(201, { contact: rawContact({ customFields: [] }) });
    const out = await run('creates', 'create_contact', bundle({ email: 'sam@example.com' }));
    expect(scope.isDone()).toBe(true);
    expect(out.id).toBe(CONTACT_ID);
  });

  it('names the existing contact when the sub-account forbids duplicates (400 with meta)', async () => {
    ghlApi()
      .post('/contacts/')
      .reply(
        400,
        ghlError(400, 'This location does not allow duplicated contacts.', {
          meta: { contactId: 'Yh4kP0qLmN2bV6cX8zA1', contactName: 'Maria Lopez', matchingField: 'email' },
        }),
      );
    const error = await failure(run('creates', 'create_contact', bundle({ email: 'maria.lopez@example.com' })));
    expect(explain(error).message).toMatch(/contact Yh4kP0qLmN2bV6cX8zA1 \(Maria Lopez\) already exists with the same email/);
    expect(explain(error).message).toMatch(/Create or Update Contact/);
  });

  it("passes HighLevel's 422 messages on", async () => {
    ghlApi()
      .post('/contacts/')
      .reply(422, ghlError(422, ['website must be a URL address'], { error: 'Unprocessable Entity' }));
    const error = await failure(run('creates', 'create_contact', bundle({ email: 'sam@example.com', website: 'sam.example' })));
    expect(explain(error).message).toMatch(/HighLevel rejected the request \(422\):\n- website must be a URL address/);
  });

  it.each([
    [{ email: 'sam@' }, /"Email" field must be an email address/],
    [{ email: 'sam@example.com', phone: 'ask reception' }, /"Phone" field must be a phone number/],
    [{ email: 'sam@example.com', dateOfBirth: '31/12/1990' }, /"Date of Birth" field must be a past date such as 1990-09-25/],
    [{ email: 'sam@example.com', country: 'Narnia' }, /"Country" field must be a two-letter country code/],
    [{ email: 'sam@example.com', dndSms: 'maybe' }, /"DND: SMS" field must be one of active, inactive, permanent/],
    [{ email: 'sam@example.com', inboundDnd: 'permanent' }, /"DND: Inbound Messages" field must be one of active, inactive/],
    [{ source: 'Zapier' }, /"Email" field or a name or phone must be filled/],
  ])('rejects %j before any request', async (input, message) => {
    // no interceptor: a request would fail with "Nock: No match"
    const error = await failure(run('creates', 'create_contact', bundle(input)));
    expect(explain(error).message).toMatch(message);
  });

  it('rejects a custom field value of the wrong type, naming the field, after reading only the definitions', async () => {
    mockCustomFields();
    const error = await failure(run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_seats: 'a dozen' })));
    expect(explain(error).message).toMatch(/"Seats" field must be a number, such as 42 or 199.99 — got "a dozen"/);
    const email = await failure(
      run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_referral_email: 'nobody' })),
    );
    expect(explain(email).message).toMatch(/"Referral Email" field must be an email address/);
  });

  it.each([
    ['199.99', 199.99],
    ['1,234.56', 1234.56],
    ['€ 1,234,567', 1234567],
    ['-12.5', -12.5],
    [42, 42],
  ])('writes the amount %j as the number %j, never another magnitude', async (value, number) => {
    mockCustomFields();
    let sent: any;
    ghlApi()
      .post('/contacts/', (body) => ((sent = body), true))
      .reply(201, { contact: rawContact() });
    await run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_budget: value }));
    expect(sent.customFields).toEqual([{ id: 'Kx8cnQ2vTz7uLw4bE1aR', field_value: number }]);
  });

  it.each(['199,99', '1,5', '1,234', '1.234,56'])(
    'refuses the ambiguous amount %j (a decimal comma or a lone thousands group), naming the field and the form it takes',
    async (value) => {
      mockCustomFields();
      // no interceptor for POST /contacts/: a request would fail with "Nock: No match"
      const error = await failure(run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_budget: value })));
      expect(explain(error).message).toMatch(/"Budget" field must be a number with a dot for decimals, such as 199.99 or 1,234.56/);
      expect(explain(error).message).toContain(`got "${value}"`);
    },
  );

  it('refuses a file upload custom field (its value cannot come from a Zap)', async () => {
    mockCustomFields();
    const error = await failure(
      run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_contract: 'https://example.com/c.pdf' })),
    );
    expect(explain(error).message).toMatch(/"Contract" field is a FILE_UPLOAD custom field, which cannot be filled from Zapier/);
  });

  it('reloads stale definitions once for an unknown key, then names the key if it still does not exist', async () => {
    const scope = mockCustomFields(2);
    const error = await failure(run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_shoe_size: '44' })));
    expect(scope.isDone()).toBe(true);
    expect(explain(error).message).toMatch(/"shoe_size" field is not a contact custom field of this HighLevel sub-account/);
  });

  it('finds a custom field created after the definitions were cached', async () => {
    mockCustomFields(1, []); // the cached copy predates the field
    expect(await appTester((z: any, b: any) => loadCustomFields(z, b), bundle())).toEqual([]);
    const fresh = mockCustomFields(1);
    ghlApi()
      .post('/contacts/', {
        locationId: LOCATION_ID,
        email: 'sam@example.com',
        customFields: [{ id: 'MgobCB14YMVKuE4Ka8p1', field_value: '35061' }],
      })
      .reply(201, { contact: rawContact() });
    const out = await run('creates', 'create_contact', bundle({ email: 'sam@example.com', customField_pincode: '35061' }));
    expect(fresh.isDone()).toBe(true);
    expect(out.customField.pincode).toBe('35061');
  });
});

describe('update_contact', () => {
  it('sends only the fields given — no locationId, gender, companyName or tags — and custom fields by key', async () => {
    mockCustomFields();
    let sent: any;
    ghlApi()
      .put(`/contacts/${CONTACT_ID}`, (body) => ((sent = body), true))
      .reply(200, { succeded: true, contact: rawContact({ city: 'Birmingham' }) });
    const out = await run(
      'creates',
      'update_contact',
      bundle({
        contactId: CONTACT_ID,
        city: 'Birmingham',
        dndCall: 'permanent',
        customField_pincode: '35203',
        gender: 'male',
        companyName: 'X',
        tags: ['vip'],
      }),
    );
    expect(sent).toEqual({
      city: 'Birmingham',
      dndSettings: { Call: { status: 'permanent' } },
      customFields: [{ id: 'MgobCB14YMVKuE4Ka8p1', field_value: '35203' }],
    });
    expect(out).toMatchObject({ id: CONTACT_ID, city: 'Birmingham' });
  });

  it('with nothing to change, returns the contact unchanged (GET, no PUT)', async () => {
    const scope = ghlApi()
      .get(`/contacts/${CONTACT_ID}`)
      .reply(200, { contact: rawContact({ customFields: [] }) });
    const out = await run('creates', 'update_contact', bundle({ contactId: CONTACT_ID }));
    expect(scope.isDone()).toBe(true);
    expect(out.id).toBe(CONTACT_ID);
  });

  it('a field of only spaces counts as empty and wipes nothing', async () => {
    const scope = ghlApi()
      .get(`/contacts/${CONTACT_ID}`)
      .reply(200, { contact: rawContact({ customFields: [] }) });
    await run('creates', 'update_contact', bundle({ contactId: CONTACT_ID, city: '   ', email: ' ' }));
    expect(scope.isDone()).toBe(true); // GET, not PUT
  });

  it('sends a birthday in the form HighLevel documents', async () => {
    let sent: any;
    ghlApi()
      .put(`/contacts/${CONTACT_ID}`, (body) => ((sent = body), true))
      .reply(200, { succeded: true, contact: rawContact({ customFields: [] }) });
    await run('creates', 'update_contact', bundle({ contactId: CONTACT_ID, dateOfBirth: '1990/9/25' }));
    expect(sent).toEqual({ dateOfBirth: '1990-09-25' });
  });

  it('explains an unknown contact id (HighLevel answers 400, not 404)', async () => {
    ghlApi().put('/contacts/nope123').reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const error = await failure(run('creates', 'update_contact', bundle({ contactId: 'nope123', city: 'Birmingham' })));
    expect(explain(error).message).toMatch(/HighLevel has no contact with ID "nope123" in this sub-account/);
  });

  it('passes 422 messages on (e.g. a property HighLevel will not take)', async () => {
    ghlApi()
      .put(`/contacts/${CONTACT_ID}`)
      .reply(422, ghlError(422, ['email must be an email'], { error: 'Unprocessable Entity' }));
    const error = await failure(run('creates', 'update_contact', bundle({ contactId: CONTACT_ID, firstName: 'Ann' })));
    expect(explain(error).message).toMatch(/- email must be an email/);
  });

  it('validates before the request', async () => {
    const error = await failure(run('creates', 'update_contact', bundle({ contactId: CONTACT_ID, timezone: 'Eastern' })));
    expect(explain(error).message).toMatch(/"Time Zone" field must be an IANA time zone/);
  });
});

describe('upsert_contact', () => {
  it('reports a new contact as created: true, sending no tags', async () => {
    let sent: any;
    ghlApi()
      .post('/contacts/upsert', (body) => ((sent = body), true))
      .reply(200, { new: true, contact: rawContact({ customFields: [] }), traceId: 'a1b2' });
    const out = await run('creates', 'upsert_contact', bundle({ email: 'maria.lopez@example.com', firstName: 'Maria', tags: ['vip'] }));
    expect(sent).toEqual({ locationId: LOCATION_ID, email: 'maria.lopez@example.com', firstName: 'Maria' });
    expect(out).toMatchObject({ id: CONTACT_ID, created: true });
  });

  it('reports an existing contact as created: false, with readable custom fields', async () => {
    mockCustomFields();
    ghlApi()
      .post('/contacts/upsert', {
        locationId: LOCATION_ID,
        phone: '+15550102030',
        createNewIfDuplicateAllowed: true,
        customFields: [{ id: 'Gh2jKl4zXc6vBn8mQw0e', field_value: ['SEO', 'Email'] }],
      })
      .reply(200, { new: false, contact: rawContact(), traceId: 'a1b2' });
    const out = await run(
      'creates',
      'upsert_contact',
      bundle({ phone: '+15550102030', createNewIfDuplicateAllowed: 'true', customField_interests: 'SEO, Email' }),
    );
    expect(out.created).toBe(false);
    expect(out.customField.pincode).toBe('35061');
  });

  it('does not send the duplicate switch when it is No', async () => {
    ghlApi()
      .post('/contacts/upsert', { locationId: LOCATION_ID, email: 'a@example.com' })
      .reply(200, { new: false, contact: rawContact({ customFields: [] }) });
    const out = await run('creates', 'upsert_contact', bundle({ email: 'a@example.com', createNewIfDuplicateAllowed: false }));
    expect(out.created).toBe(false);
  });

  it('needs an email or phone to match on, before any request', async () => {
    const error = await failure(run('creates', 'upsert_contact', bundle({ firstName: 'Maria' })));
    expect(explain(error).message).toMatch(/"Email" field or the "Phone" field must be filled/);
  });

  it('passes 422 messages on', async () => {
    ghlApi()
      .post('/contacts/upsert')
      .reply(422, ghlError(422, ['phone must be a valid phone number'], { error: 'Unprocessable Entity' }));
    const error = await failure(run('creates', 'upsert_contact', bundle({ phone: '+1 000 000 0000' })));
    expect(explain(error).message).toMatch(/- phone must be a valid phone number/);
  });
});

describe('delete_contact', () => {
  it('deletes and says so', async () => {
    ghlApi().delete(`/contacts/${CONTACT_ID}`).reply(200, { succeded: true });
    expect(await run('creates', 'delete_contact', bundle({ contactId: CONTACT_ID }))).toEqual({ id: CONTACT_ID, deleted: true });
  });

  it('explains an unknown contact id', async () => {
    ghlApi().delete('/contacts/gone42').reply(400, ghlError(400, 'Contact with id gone42 not found'));
    const error = await failure(run('creates', 'delete_contact', bundle({ contactId: 'gone42' })));
    expect(explain(error).message).toMatch(/no contact with ID "gone42"/);
  });
});
