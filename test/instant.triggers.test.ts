// The eight instant (REST hook) triggers against the relay contract (issue #13) and HighLevel's event payloads:
// subscribe/unsubscribe with the relay, and each delivery turned into exactly the polling twin's output.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ACCESS_TOKEN, App, COMPANY_ID, LOCATION_ID, USER_ID, appTester, bundle, ghlApi, reason } from './helpers.js';

const RELAY = 'https://relay.example.test';
const SECRET = 'relay-secret-current';
const TARGET = 'https://hooks.zapier.com/hooks/standard/123/abc-capability/';
const CONTACT = 'sx6wyHhbFdRXh302LLNR';

const op = (key: string): any => (App as any).triggers[key].operation;
const subscribeRun = (key: string, input: Record<string, unknown> = {}): Promise<any> =>
  appTester(op(key).performSubscribe, { ...bundle(input), targetUrl: TARGET });
const unsubscribeRun = (key: string, subscribeData: unknown): Promise<any> =>
  appTester(op(key).performUnsubscribe, { ...bundle(), targetUrl: TARGET, subscribeData });
/** A hook delivery: the relay POSTs HighLevel's event as received; Zapier parses it into `cleanedRequest`. */
const deliver = (
  key: string,
  event: Record<string, unknown>,
  input: Record<string, unknown> = {},
  subscribeData: unknown = { id: 'sub1' },
): Promise<any> => appTester(op(key).perform, { ...bundle(input), cleanedRequest: event, subscribeData });
const list = (key: string, input: Record<string, unknown> = {}): Promise<any> => appTester(op(key).performList, bundle(input));

const delivery = {
  appId: '6512a1b2c3d4e5f6a7b8c9d0',
  versionId: '6512a1b2c3d4e5f6a7b8c9d1',
  webhookId: 'b7d1f0a2-0c9e-4a55-8f0e-1d2c3b4a5f60',
  timestamp: '2026-12-03T09:30:00.000Z',
};

beforeEach(() => {
  process.env.RELAY_URL = RELAY + '/';
  process.env.RELAY_SECRET = `${SECRET}, relay-secret-old`;
});
afterEach(() => {
  delete process.env.RELAY_URL;
  delete process.env.RELAY_SECRET;
});

describe('performSubscribe → POST {RELAY_URL}/subscriptions', () => {
  const subscribes: [string, string, Record<string, unknown>, Record<string, unknown> | undefined][] = [
    ['new_contact_instant', 'ContactCreate', {}, undefined],
    ['updated_contact_instant', 'ContactUpdate', { watchField: 'email' }, undefined],
    ['new_task_instant', 'TaskCreate', {}, undefined],
    ['task_completed_instant', 'TaskComplete', { assignedTo: USER_ID }, { assignedTo: USER_ID }],
    ['task_completed_instant', 'TaskComplete', { assignedTo: [USER_ID, 'otherUser00000000000'], contactId: CONTACT }, undefined],
    ['new_note_instant', 'NoteCreate', { contactId: CONTACT }, { contactId: CONTACT }],
    ['new_note_instant', 'NoteCreate', {}, undefined],
    ['new_appointment_instant', 'AppointmentCreate', { calendarId: 'cal1' }, { calendarId: 'cal1' }],
    ['appointment_updated_instant', 'AppointmentUpdate', { userId: USER_ID }, undefined],
    [
      'appointment_updated_instant',
      'AppointmentUpdate',
      { calendarId: 'cal1', appointmentStatus: 'showed' },
      { calendarId: 'cal1', appointmentStatus: 'showed' },
    ],
  ];
  it.each(subscribes)(
    '%s subscribes to %s with the secret, the sub-account token and the filter (%j)',
    async (key, event, input, filter) => {
      const scope = nock(RELAY, {
        reqheaders: { authorization: `Bearer ${SECRET}`, 'x-highlevel-token': ACCESS_TOKEN, 'content-type': 'application/json' },
      })
        .post('/subscriptions', (body) => {
          expect(body).toEqual({ targetUrl: TARGET, event, locationId: LOCATION_ID, ...(filter ? { filter } : {}) });
          return true;
        })
        .reply(201, { id: 'sub-42', event, locationId: LOCATION_ID });
      await expect(subscribeRun(key, input)).resolves.toEqual({ id: 'sub-42', event, locationId: LOCATION_ID });
      expect(scope.isDone()).toBe(true);
    },
  );

  it('Tag Added (Instant) first reads the contacts that have the tag (one search) and sends them as known, so their tag is not new', async () => {
    let searched: any;
    ghlApi()
      .post('/contacts/search', (body) => ((searched = body), true))
      .reply(200, {
        contacts: [
          { id: 'contactOldVip0000001', tags: ['vip', 'lead'], dateUpdated: '2026-12-01T10:00:00.000Z' },
          { id: 'contactNoTag00000001', tags: ['lead'], dateUpdated: '2026-12-01T09:00:00.000Z' }, // the index matched loosely
        ],
        total: 2,
      });
    const relay = nock(RELAY, { reqheaders: { 'x-highlevel-token': ACCESS_TOKEN } })
      .post('/subscriptions', (body) => {
        expect(body).toEqual({
          targetUrl: TARGET,
          event: 'ContactTagUpdate',
          locationId: LOCATION_ID,
          filter: { tag: 'vip' },
          known: [{ contactId: 'contactOldVip0000001', tags: ['vip', 'lead'] }],
        });
        return true;
      })
      .reply(201, { id: 'sub-43' });
    await expect(subscribeRun('tag_added_instant', { tag: ' VIP ' })).resolves.toEqual({
      id: 'sub-43',
      event: 'ContactTagUpdate',
      locationId: LOCATION_ID,
    });
    expect(searched).toMatchObject({ locationId: LOCATION_ID, pageLimit: 500, sort: [{ field: 'dateUpdated', direction: 'desc' }] });
    expect(JSON.stringify(searched.filters)).toContain('"vip"');
    expect(relay.isDone()).toBe(true);
  });

  it('without RELAY_URL fails before any request, saying instant triggers are not set up and naming the polling twin', async () => {
    delete process.env.RELAY_URL;
    const error = await reason(subscribeRun('new_contact_instant'));
    expect(error.message).toMatch(/Instant triggers are not set up/);
    expect(error.message).toMatch(/"New Contact" trigger instead/);
    const tagError = await reason(subscribeRun('tag_added_instant', { tag: 'vip' }));
    expect(tagError.message).toMatch(/"Tag Added to Contact" trigger instead/);
  });

  it('New Appointment (Instant) needs a calendar or a user, like its twin, before any request', async () => {
    const error = await reason(subscribeRun('new_appointment_instant'));
    expect(error.message).toMatch(/"Calendar" field or the User field must be filled in/);
  });

  it('Tag Added to Contact (Instant) needs a tag before any request', async () => {
    expect((await reason(subscribeRun('tag_added_instant', { tag: '  ' }))).message).toMatch(/"Tag" field/);
  });

  const refusals: [number, RegExp][] = [
    [401, /refused this integration's credentials \(RELAY_SECRET\)/],
    [403, /could not confirm that this HighLevel connection may see the chosen sub-account\. Reconnect HighLevel/],
    [400, /refused this subscription/],
    [503, /did not answer as expected \(HTTP 503\).*Try again in a few minutes/],
  ];
  it.each(refusals)('relay %i → a message a user can act on, with no token, secret or hook URL', async (status, message) => {
    nock(RELAY)
      .post('/subscriptions')
      .reply(status, { error: `echo ${TARGET} ${ACCESS_TOKEN}` });
    const error = await reason(subscribeRun('new_contact_instant'));
    expect(error.message).toMatch(message);
    for (const secret of [SECRET, ACCESS_TOKEN, TARGET, 'abc-capability']) expect(error.message).not.toContain(secret);
  });

  it('a 201 without an id is an error (Zapier would have nothing to unsubscribe with)', async () => {
    nock(RELAY).post('/subscriptions').reply(201, {});
    expect((await reason(subscribeRun('new_contact_instant'))).message).toMatch(/did not answer as expected/);
  });

  it('an unreachable relay → "could not be reached", no URL', async () => {
    nock(RELAY)
      .post('/subscriptions')
      .replyWithError(Object.assign(new Error(`connect ECONNREFUSED ${RELAY}`), { code: 'ECONNREFUSED' }));
    const error = await reason(subscribeRun('new_contact_instant'));
    expect(error.message).toMatch(/could not be reached/);
    expect(error.message).not.toContain('relay.example.test');
  });
});

describe('performSubscribe on an agency connection: for the chosen sub-account, with its location token', () => {
  const COMPANY_TOKEN = 'company-access-token-0123456789';
  const MINTED = 'minted-location-token-0123456789';
  const OTHER_LOCATION = 'pQ7rS2tU9vW4xY1zA3bC';
  const agencySubscribe = (input: Record<string, unknown>) => {
    const b = bundle(input);
    b.authData = {
      access_token: COMPANY_TOKEN,
      refresh_token: 'company-refresh-0123456789',
      locationId: '',
      companyId: COMPANY_ID,
      userId: USER_ID,
      userType: 'Company',
    };
    return appTester(op('tag_added_instant').performSubscribe, { ...b, targetUrl: TARGET });
  };
  const mint = () => {
    let sent: any;
    ghlApi()
      .post('/oauth/locationToken', (body) => ((sent = body), true))
      .matchHeader('authorization', `Bearer ${COMPANY_TOKEN}`)
      .reply(200, { access_token: MINTED, token_type: 'Bearer', expires_in: 86399, locationId: OTHER_LOCATION, userId: USER_ID });
    return () => sent;
  };

  /** Tag Added (Instant) reads the contacts having the tag first (with the sub-account's token): none here. */
  const noneTagged = (times = 1) => ghlApi().post('/contacts/search').times(times).reply(200, { contacts: [], total: 0 });

  beforeEach(() => {
    (appTester as any).zcacheTestObj = {};
  });

  it("mints the sub-account token (one request to HighLevel) and registers the Sub-Account field's location with it, never the Company token", async () => {
    const minted = mint();
    const search = ghlApi()
      .post('/contacts/search', (body) => body.locationId === OTHER_LOCATION)
      .matchHeader('authorization', `Bearer ${MINTED}`)
      .reply(200, { contacts: [], total: 0 });
    const relay = nock(RELAY, { reqheaders: { authorization: `Bearer ${SECRET}`, 'x-highlevel-token': MINTED } })
      .post('/subscriptions', (body) => {
        expect(body).toEqual({ targetUrl: TARGET, event: 'ContactTagUpdate', locationId: OTHER_LOCATION, filter: { tag: 'vip' } });
        return true;
      })
      .reply(201, { id: 'sub-7' });
    await expect(agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' })).resolves.toEqual({
      id: 'sub-7',
      event: 'ContactTagUpdate',
      locationId: OTHER_LOCATION,
    });
    expect(new URLSearchParams(minted())).toEqual(new URLSearchParams({ companyId: COMPANY_ID, locationId: OTHER_LOCATION }));
    expect(search.isDone() && relay.isDone()).toBe(true);
  });

  it('a second subscription for that sub-account reuses the minted token (no second mint)', async () => {
    mint();
    noneTagged(2);
    nock(RELAY, { reqheaders: { 'x-highlevel-token': MINTED } })
      .post('/subscriptions')
      .times(2)
      .reply(201, { id: 'sub-8' });
    await agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' });
    await expect(agencySubscribe({ locationId: OTHER_LOCATION, tag: 'New Lead' })).resolves.toMatchObject({ id: 'sub-8' });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a cached token the relay refuses (revoked at HighLevel, still unexpired) is dropped, minted once more and used once more', async () => {
    mint();
    noneTagged(3);
    nock(RELAY).post('/subscriptions').reply(201, { id: 'sub-1' });
    await agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' }); // MINTED is now cached
    const FRESH = 'fresh-location-token-0123456789';
    ghlApi()
      .post('/oauth/locationToken')
      .reply(200, { access_token: FRESH, token_type: 'Bearer', expires_in: 86399, locationId: OTHER_LOCATION, userId: USER_ID });
    const refused = nock(RELAY, { reqheaders: { 'x-highlevel-token': MINTED } })
      .post('/subscriptions')
      .reply(403, { message: 'The HighLevel access token cannot see this locationId' });
    const accepted = nock(RELAY, { reqheaders: { 'x-highlevel-token': FRESH } })
      .post('/subscriptions')
      .reply(201, { id: 'sub-2' });
    await expect(agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' })).resolves.toMatchObject({ id: 'sub-2' });
    expect(refused.isDone() && accepted.isDone()).toBe(true);
    // and the fresh token is what the next subscription uses, without another mint
    nock(RELAY, { reqheaders: { 'x-highlevel-token': FRESH } })
      .post('/subscriptions')
      .reply(201, { id: 'sub-3' });
    await expect(agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' })).resolves.toMatchObject({ id: 'sub-3' });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a relay that refuses the fresh token too is the 403 error after one retry, without a token in it', async () => {
    mint();
    noneTagged();
    ghlApi().post('/oauth/locationToken').reply(200, { access_token: 'second-token-0123456789', token_type: 'Bearer', expires_in: 86399 });
    const relay = nock(RELAY).post('/subscriptions').times(2).reply(403, { message: 'no' });
    const error = await reason(agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' }));
    expect(error.message).toMatch(/could not confirm/);
    expect(error.message).not.toMatch(/token-0123456789|minted-location/);
    expect(relay.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('without a sub-account picked: asks for the Sub-Account field, nothing sent', async () => {
    const error = await reason(agencySubscribe({ tag: 'VIP' }));
    expect(error.message).toMatch(/Sub-Account/);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a refused mint names the sub-account and registers nothing', async () => {
    ghlApi().post('/oauth/locationToken').reply(400, { statusCode: 400, message: 'Location not found or app not installed' });
    const relay = nock(RELAY).post('/subscriptions').reply(201, { id: 'never' });
    const error = await reason(agencySubscribe({ locationId: OTHER_LOCATION, tag: 'VIP' }));
    expect(error.message).toContain(OTHER_LOCATION);
    expect(error.message).not.toContain(COMPANY_TOKEN);
    expect(relay.isDone()).toBe(false);
    nock.cleanAll();
  });
});

describe('performUnsubscribe → DELETE {RELAY_URL}/subscriptions/{id}', () => {
  it('deletes the subscription with the secret', async () => {
    const scope = nock(RELAY, { reqheaders: { authorization: `Bearer ${SECRET}` } })
      .delete('/subscriptions/sub-42')
      .reply(204);
    await expect(unsubscribeRun('new_task_instant', { id: 'sub-42' })).resolves.toEqual({ id: 'sub-42' });
    expect(scope.isDone()).toBe(true);
  });
  it('a subscription the relay no longer knows is already gone (404)', async () => {
    nock(RELAY).delete('/subscriptions/sub-9').reply(404);
    await expect(unsubscribeRun('new_task_instant', { id: 'sub-9' })).resolves.toEqual({ id: 'sub-9' });
  });
  it('a relay failure is reported (the Zap stays on rather than leaving a subscription behind)', async () => {
    nock(RELAY).delete('/subscriptions/sub-9').reply(500);
    expect((await reason(unsubscribeRun('new_task_instant', { id: 'sub-9' }))).message).toMatch(/could not turn off/);
  });
  it('nothing subscribed → nothing to delete, no request', async () => {
    await expect(unsubscribeRun('new_task_instant', undefined)).resolves.toEqual({ id: null });
  });
});

// ---- deliveries ----------------------------------------------------------------------------------------------------

const rawContact = {
  id: CONTACT,
  locationId: LOCATION_ID,
  firstName: 'maria',
  lastName: 'lopez',
  email: 'maria@example.com',
  phone: '+15125550100',
  tags: ['vip', 'newsletter'],
  dnd: false,
  dndSettings: { Email: { status: 'active' } },
  dateAdded: '2026-11-20T15:04:05.000Z',
  dateUpdated: '2026-12-03T09:29:58.000Z',
  customFields: [],
};
const contactEvent = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  locationId: LOCATION_ID,
  id: CONTACT,
  firstName: 'maria',
  lastName: 'lopez',
  email: 'maria@example.com',
  tags: ['vip', 'newsletter'],
  dnd: false,
  dateAdded: '2026-11-20T15:04:05.000Z',
  customFields: [],
  attachments: [],
  ...delivery,
  ...extra,
});

describe('contact events → the twin output (one read by id: the payload has no dateUpdated)', () => {
  it('New Contact (Instant) gives exactly what New Contact gives for the same contact', async () => {
    ghlApi().get(`/contacts/${CONTACT}`).reply(200, { contact: rawContact });
    const [hook] = await deliver('new_contact_instant', contactEvent('ContactCreate'));
    ghlApi()
      .post('/contacts/search')
      .reply(200, { contacts: [rawContact], total: 1 });
    const [polled] = await list('new_contact_instant');
    expect(hook).toEqual(polled);
    expect(hook).toMatchObject({ id: CONTACT, dateUpdated: '2026-12-03T09:29:58.000Z', dndEmail: 'active' });
  });

  it('an event of another type or another sub-account fires nothing and reads nothing', async () => {
    await expect(deliver('new_contact_instant', contactEvent('ContactUpdate'))).resolves.toEqual([]);
    await expect(deliver('new_contact_instant', contactEvent('ContactCreate', { locationId: 'Qm3RkT9vXw2LpN8sYb4C' }))).resolves.toEqual(
      [],
    );
    await expect(deliver('new_contact_instant', 'not json' as any)).resolves.toEqual([]);
  });

  it('a contact deleted before the read fires nothing', async () => {
    ghlApi()
      .get(`/contacts/${CONTACT}`)
      .reply(400, { statusCode: 400, message: `Contact with id ${CONTACT} not found` });
    await expect(deliver('new_contact_instant', contactEvent('ContactCreate'))).resolves.toEqual([]);
  });

  it('Updated Contact (Instant) without a watched field: the change key is dateUpdated, as in the twin', async () => {
    ghlApi().get(`/contacts/${CONTACT}`).reply(200, { contact: rawContact });
    const [hook] = await deliver('updated_contact_instant', contactEvent('ContactUpdate'));
    ghlApi()
      .post('/contacts/search')
      .reply(200, { contacts: [rawContact], total: 1 });
    const [polled] = await list('updated_contact_instant');
    expect(hook).toEqual(polled);
    expect(hook.changeKey).toBe('2026-12-03T09:29:58.000Z');
  });

  it('Updated Contact (Instant) watching Email fires for a new value only, per Zap', async () => {
    const api = ghlApi();
    api.get(`/contacts/${CONTACT}`).times(3).reply(200, { contact: rawContact });
    api.get(`/contacts/${CONTACT}`).reply(200, { contact: { ...rawContact, email: 'maria.lopez@example.com' } });
    const first = await deliver('updated_contact_instant', contactEvent('ContactUpdate'), { watchField: 'email' });
    expect(first).toEqual([
      expect.objectContaining({ watchedField: 'email', watchedFieldLabel: 'Email', watchedValue: 'maria@example.com' }),
    ]);
    // the same value again (a phone change, say): nothing
    await expect(deliver('updated_contact_instant', contactEvent('ContactUpdate'), { watchField: 'email' })).resolves.toEqual([]);
    // another Zap (subscription) watching the same field has its own memory
    expect(await deliver('updated_contact_instant', contactEvent('ContactUpdate'), { watchField: 'email' }, { id: 'sub2' })).toHaveLength(
      1,
    );
    const changed = await deliver('updated_contact_instant', contactEvent('ContactUpdate'), { watchField: 'email' });
    expect(changed).toEqual([expect.objectContaining({ watchedValue: 'maria.lopez@example.com' })]);
    expect(changed[0].changeKey).not.toBe(first[0].changeKey);
  });

  it('Tag Added to Contact (Instant): fires with the tag when the event carries it and the contact still has it', async () => {
    ghlApi().get(`/contacts/${CONTACT}`).reply(200, { contact: rawContact });
    const [hook] = await deliver('tag_added_instant', contactEvent('ContactTagUpdate'), { tag: 'VIP' });
    ghlApi()
      .post('/contacts/search')
      .reply(200, { contacts: [rawContact], total: 1 });
    const [polled] = await list('tag_added_instant', { tag: 'VIP' });
    expect(hook).toEqual(polled);
    expect(hook.tag).toBe('vip');
  });

  it('Tag Added to Contact (Instant): another tag → nothing, no read; tag gone by the read → nothing', async () => {
    await expect(deliver('tag_added_instant', contactEvent('ContactTagUpdate', { tags: ['newsletter'] }), { tag: 'vip' })).resolves.toEqual(
      [],
    );
    ghlApi()
      .get(`/contacts/${CONTACT}`)
      .reply(200, { contact: { ...rawContact, tags: ['newsletter'] } });
    await expect(deliver('tag_added_instant', contactEvent('ContactTagUpdate'), { tag: 'vip' })).resolves.toEqual([]);
  });
});

describe('task events → the twin output (one location task search: the payload lacks names, dates, often contactId)', () => {
  const row = {
    id: 'task1',
    _id: 'task1',
    title: 'Call back about the quote',
    body: 'Ask about the revised quote.',
    dueDate: '2026-12-05T15:00:00.000Z',
    completed: false,
    assignedTo: USER_ID,
    contactId: CONTACT,
    dateAdded: '2026-12-03T09:29:58.000Z',
    dateUpdated: '2026-12-03T09:29:58.000Z',
    contactDetails: { firstName: 'Maria', lastName: 'Lopez', id: CONTACT },
    assignedToUserDetails: { id: USER_ID, firstName: 'Maya', lastName: 'Patel' },
  };
  // A live TaskCreate: no contactId, no body (highlevel-api-docs #332).
  const created = {
    type: 'TaskCreate',
    locationId: LOCATION_ID,
    id: 'task1',
    assignedTo: USER_ID,
    title: row.title,
    dateAdded: row.dateAdded,
    dueDate: row.dueDate,
    ...delivery,
  };

  it('New Task (Instant) finds the row by title and assignee and gives exactly what New Task gives', async () => {
    ghlApi()
      .post(`/locations/${LOCATION_ID}/tasks/search`, (body) => {
        expect(body).toEqual({ completed: false, assignedTo: [USER_ID], query: row.title, limit: 100 });
        return true;
      })
      .reply(200, { tasks: [{ ...row, id: 'other', _id: 'other' }, row] });
    const [hook] = await deliver('new_task_instant', created);
    ghlApi()
      .post(`/locations/${LOCATION_ID}/tasks/search`)
      .reply(200, { tasks: [row] })
      .post(`/locations/${LOCATION_ID}/tasks/search`) // the twin confirms a short first page was not a page cap
      .reply(200, { tasks: [] });
    const [polled] = await list('new_task_instant');
    expect(hook).toEqual(polled);
    expect(hook).toMatchObject({ id: 'task1', contactId: CONTACT, contactName: 'Maria Lopez', assignedToName: 'Maya Patel' });
  });

  it('a row the search does not show yet: the payload itself, same keys, names null', async () => {
    ghlApi().post(`/locations/${LOCATION_ID}/tasks/search`).reply(200, { tasks: [] });
    const [hook] = await deliver('new_task_instant', created);
    expect(Object.keys(hook).sort()).toEqual(Object.keys(op('new_task').sample).sort());
    expect(hook).toMatchObject({ id: 'task1', contactId: null, contactName: null, completed: false, dateUpdated: row.dateAdded });
  });

  it('the Contact and Assigned User filters hold on the row read', async () => {
    ghlApi()
      .post(`/locations/${LOCATION_ID}/tasks/search`)
      .twice()
      .reply(200, { tasks: [row] });
    await expect(deliver('new_task_instant', created, { contactId: 'someoneElse000000000' })).resolves.toEqual([]);
    await expect(deliver('new_task_instant', created, { contactId: CONTACT, assignedTo: [USER_ID] })).resolves.toHaveLength(1);
    await expect(deliver('new_task_instant', { ...created, type: 'TaskComplete' })).resolves.toEqual([]);
  });

  it('Task Completed (Instant) asks for completed tasks and narrows by the contact when the payload has it', async () => {
    const done = { ...row, completed: true, dateUpdated: '2026-12-03T09:31:00.000Z' };
    ghlApi()
      .post(`/locations/${LOCATION_ID}/tasks/search`, (body) => {
        expect(body).toEqual({ completed: true, contactId: [CONTACT], assignedTo: [USER_ID], query: row.title, limit: 100 });
        return true;
      })
      .reply(200, { tasks: [done] });
    const [hook] = await deliver('task_completed_instant', { ...created, type: 'TaskComplete', contactId: CONTACT, body: row.body });
    expect(hook).toMatchObject({ id: 'task1', completed: true, dateUpdated: '2026-12-03T09:31:00.000Z' });
    expect(Object.keys(hook).sort()).toEqual(Object.keys(op('task_completed').sample).sort());
  });
});

describe('note events → the twin output (one read: the payload lacks title, author, color, pin)', () => {
  const note = {
    id: 'note1',
    body: '<p>Called Maria</p>',
    title: 'Call',
    userId: USER_ID,
    color: '#FFAA00',
    pinned: false,
    contactId: CONTACT,
    dateAdded: '2026-12-03T09:29:58.000Z',
  };
  const event = {
    type: 'NoteCreate',
    locationId: LOCATION_ID,
    id: 'note1',
    body: note.body,
    contactId: CONTACT,
    dateAdded: note.dateAdded,
    ...delivery,
  };

  it('New Note (Instant) gives exactly what New Note gives for the same note', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes/note1`).reply(200, { note });
    const [hook] = await deliver('new_note_instant', event);
    ghlApi()
      .get(`/contacts/${CONTACT}/notes`)
      .reply(200, { notes: [note] });
    const [polled] = await list('new_note_instant', { contactId: CONTACT });
    expect(hook).toEqual(polled);
    expect(hook.bodyText).toBe('Called Maria');
  });

  it('a note on another contact than the chosen one fires nothing and reads nothing', async () => {
    await expect(deliver('new_note_instant', event, { contactId: 'someoneElse000000000' })).resolves.toEqual([]);
  });
});

describe('appointment events → the twin output (one read by id)', () => {
  const eventRecord = {
    id: 'appt1',
    calendarId: 'cal1',
    contactId: CONTACT,
    locationId: LOCATION_ID,
    title: 'Consultation',
    appointmentStatus: 'confirmed',
    assignedUserId: USER_ID,
    users: [USER_ID],
    startTime: '2026-12-10T15:00:00-06:00',
    endTime: '2026-12-10T15:30:00-06:00',
    isRecurring: false,
    dateAdded: '2026-12-03T09:29:58.000Z',
    dateUpdated: '2026-12-03T09:29:58.000Z',
  };
  const hookEvent = (type: string, extra: Record<string, unknown> = {}) => ({
    type,
    locationId: LOCATION_ID,
    appointment: { id: 'appt1', calendarId: 'cal1', contactId: CONTACT, appointmentStatus: 'confirmed', assignedUserId: USER_ID, ...extra },
    ...delivery,
  });

  it('New Appointment (Instant) gives exactly what New Appointment gives', async () => {
    ghlApi().get('/calendars/events/appointments/appt1').reply(200, { event: eventRecord });
    const [hook] = await deliver('new_appointment_instant', hookEvent('AppointmentCreate'), { calendarId: 'cal1' });
    ghlApi()
      .get('/calendars/events')
      .query(true)
      .reply(200, { events: [eventRecord] });
    const [polled] = await list('new_appointment_instant', { calendarId: 'cal1' });
    expect(hook).toEqual(polled);
    expect(hook.startTime).toBe('2026-12-10T21:00:00.000Z');
  });

  it('the Calendar and User filters hold', async () => {
    ghlApi().get('/calendars/events/appointments/appt1').twice().reply(200, { event: eventRecord });
    await expect(deliver('new_appointment_instant', hookEvent('AppointmentCreate'), { calendarId: 'cal2' })).resolves.toEqual([]);
    await expect(deliver('new_appointment_instant', hookEvent('AppointmentCreate'), { userId: 'otherUser00000000000' })).resolves.toEqual(
      [],
    );
  });

  it('Appointment Updated (Instant): "Only With Status" is checked on the appointment after the change', async () => {
    const api = ghlApi();
    api.get('/calendars/events/appointments/appt1').reply(200, { event: { ...eventRecord, appointmentStatus: 'showed' } });
    api.get('/calendars/events/appointments/appt1').reply(200, { event: eventRecord });
    const [hook] = await deliver('appointment_updated_instant', hookEvent('AppointmentUpdate'), {
      calendarId: 'cal1',
      appointmentStatus: 'showed',
    });
    expect(hook).toMatchObject({ id: 'appt1', appointmentStatus: 'showed' });
    await expect(
      deliver('appointment_updated_instant', hookEvent('AppointmentUpdate'), { calendarId: 'cal1', appointmentStatus: 'showed' }),
    ).resolves.toEqual([]);
    await expect(deliver('appointment_updated_instant', hookEvent('AppointmentCreate'), { calendarId: 'cal1' })).resolves.toEqual([]);
  });
});
