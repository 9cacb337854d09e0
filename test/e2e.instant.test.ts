// Instant triggers end to end: the sandbox's signed webhooks → the relay (embedded store) → a local stand-in for
// Zapier's hook URLs → each trigger's perform. Each of the eight turns on through performSubscribe, fires once for its
// own change and never for the others, its filter holds, it gives the same keys as its polling twin (performList),
// and after performUnsubscribe nothing more arrives for it.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import zapier from 'zapier-platform-core';
import App from '../index.js';
import { startInstantRig, type InstantRig } from '../sandbox/instant.js';
import { SEED, startSandbox } from '../sandbox/server.js';
import type { Sandbox } from '../sandbox/server.js';
import { authDataOf, sandboxApi, stepMeta } from '../sandbox/zapier.js';

jest.setTimeout(120_000); // settled() has its own generous deadline; the machine is shared
const app = App as any;
const appTester = zapier.createAppTester(App) as (fn: unknown, bundle: Record<string, unknown>) => Promise<any>;
const { ada, grace } = SEED.contacts;
const { maya, daniel } = SEED.users;

let sandbox: Sandbox;
let rig: InstantRig;
let authData: Record<string, string>;
const saved = { api: process.env.GHL_API_BASE_URL, relay: process.env.RELAY_URL, secret: process.env.RELAY_SECRET };

/** The Zaps: one per instant trigger, with the filters the test checks. */
const ZAPS: Record<string, Record<string, unknown>> = {
  new_contact_instant: {},
  updated_contact_instant: { watchField: 'city' },
  tag_added_instant: { tag: 'vip' },
  new_task_instant: {},
  task_completed_instant: {},
  new_note_instant: { contactId: ada },
  new_appointment_instant: { calendarId: SEED.calendars.cleaning },
  appointment_updated_instant: { calendarId: SEED.calendars.cleaning },
};
const subscriptions: Record<string, { id: string }> = {};
/** 10:00 in Chicago, two weeks ahead (the sandbox's calendars book up to 30 days out). */
const APPOINTMENT_START = `${new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)}T10:00:00-06:00`;

const bundle = (key: string, extra: Record<string, unknown> = {}) => ({
  authData: { ...authData },
  inputData: { ...ZAPS[key] },
  meta: stepMeta(),
  targetUrl: rig.hookUrl(key),
  subscribeData: subscriptions[key],
  ...extra,
});

const api = (method: string, path: string, body?: unknown, token = authData.access_token) =>
  sandboxApi(sandbox.url, () => String(token))(method, path, body);

/** What each Zap's perform returned for every delivery it got, by trigger. */
async function fired(): Promise<Record<string, any[]>> {
  await rig.settled();
  const out: Record<string, any[]> = {};
  for (const key of Object.keys(ZAPS)) {
    out[key] = [];
    for (const hit of rig.hitsFor(key))
      out[key].push(...(await appTester(app.triggers[key].operation.perform, bundle(key, { cleanedRequest: hit.body }))));
  }
  rig.hits.length = 0;
  return out;
}
const idsOf = (all: Record<string, any[]>) => Object.fromEntries(Object.entries(all).map(([k, items]) => [k, items.map((i) => i.id)]));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });
  process.env.GHL_API_BASE_URL = sandbox.url;
  rig = await startInstantRig(sandbox);
  process.env.RELAY_URL = rig.relayUrl;
  process.env.RELAY_SECRET = rig.secret;
  authData = authDataOf(sandbox.issueToken());
  for (const key of Object.keys(ZAPS)) subscriptions[key] = await appTester(app.triggers[key].operation.performSubscribe, bundle(key));
}, 120_000); // the embedded Postgres starts in a few seconds; a loaded machine may take longer
afterAll(async () => {
  await rig?.close();
  await sandbox?.close();
  for (const [k, v] of Object.entries({ GHL_API_BASE_URL: saved.api, RELAY_URL: saved.relay, RELAY_SECRET: saved.secret }))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
}, 60_000);

describe('instant triggers through the relay', () => {
  const state: Record<string, string> = {};
  const first: Record<string, any> = {};

  it('each of the eight fires once for its own change and for no other', async () => {
    // Zapier runs perform as each hook arrives: settle after every change (New Task reads the task while still open).
    const out: Record<string, any[]> = Object.fromEntries(Object.keys(ZAPS).map((k) => [k, []]));
    const step = async <T>(change: () => Promise<T>): Promise<T> => {
      const result = await change();
      for (const [key, items] of Object.entries(await fired())) out[key]!.push(...items);
      return result;
    };
    const { contact } = await step(() =>
      api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Hedy', lastName: 'Lamarr', email: 'hedy@example.com' }),
    );
    state.contact = contact.id;
    await step(() => api('PUT', `/contacts/${contact.id}`, { city: 'Vienna' }));
    await step(() => api('POST', `/contacts/${contact.id}/tags`, { tags: ['vip'] }));
    const { task } = await step(() =>
      api('POST', `/contacts/${contact.id}/tasks`, {
        title: 'Call Hedy back',
        dueDate: '2026-12-20T15:00:00Z',
        completed: false,
        assignedTo: maya,
      }),
    );
    state.task = task.id;
    await step(() => api('PUT', `/contacts/${contact.id}/tasks/${task.id}/completed`, { completed: true }));
    const { note } = await step(() => api('POST', `/contacts/${ada}/notes`, { body: 'Asked about whitening.', userId: maya }));
    state.note = note.id;
    const appt = await step(() =>
      api('POST', '/calendars/events/appointments', {
        calendarId: SEED.calendars.cleaning,
        locationId: SEED.locationId,
        contactId: contact.id,
        startTime: APPOINTMENT_START,
        assignedUserId: maya,
        ignoreFreeSlotValidation: true,
      }),
    );
    state.appointment = appt.id;
    await step(() => api('PUT', `/calendars/events/appointments/${appt.id}`, { appointmentStatus: 'showed', assignedUserId: maya }));

    expect(idsOf(out)).toEqual({
      new_contact_instant: [contact.id],
      updated_contact_instant: [contact.id],
      tag_added_instant: [contact.id],
      new_task_instant: [task.id],
      task_completed_instant: [task.id],
      new_note_instant: [note.id],
      new_appointment_instant: [appt.id],
      appointment_updated_instant: [appt.id],
    });
    expect(out.updated_contact_instant![0]).toMatchObject({ watchedField: 'city', watchedValue: 'Vienna' });
    expect(out.tag_added_instant![0].tag).toBe('vip');
    // read back: TaskCreate lacks contactId (#332)
    expect(out.new_task_instant![0]).toMatchObject({ contactId: contact.id, contactName: 'Hedy Lamarr', completed: false });
    expect(out.appointment_updated_instant![0].appointmentStatus).toBe('showed');
    for (const [key, items] of Object.entries(out)) first[key] = items[0];
  });

  it('every instant trigger gives the same keys as its polling twin (performList) for the same record', async () => {
    // Appointment Updated's twin leaves changes within 5 s of the booking to New Appointment: book it a minute earlier
    const booked = sandbox.store.primary.appointments.get(state.appointment!)!;
    booked.dateAdded -= 60_000;
    for (const key of Object.keys(ZAPS)) {
      const listed: any[] = await appTester(app.triggers[key].operation.performList, bundle(key));
      expect([key, listed.length > 0]).toEqual([key, true]);
      // New Task lists open tasks: the task fired above is completed by now, so any open task shows the shape
      const twin = listed.find((i) => i.id === first[key].id) ?? listed[0];
      expect([key, Object.keys(twin ?? {}).sort()]).toEqual([key, Object.keys(first[key]).sort()]);
    }
  });

  it('filters hold: another tag, another calendar, another contact, an unwatched field fire nothing', async () => {
    await api('POST', `/contacts/${grace}/tags`, { tags: ['newsletter'] }); // not the Zap's tag
    // Ada had vip before the Zap was turned on (the relay never saw her): known from the subscribe's search, not new
    await api('POST', `/contacts/${ada}/tags`, { tags: ['newsletter'] });
    await api('POST', `/contacts/${state.contact}/tags`, { tags: ['vip'] }); // already has it: no new tag
    await api('PUT', `/contacts/${state.contact}`, { phone: '+15125550142' }); // city unchanged
    await api('POST', `/contacts/${grace}/notes`, { body: 'Not on Ada.', userId: maya }); // another contact
    await api('POST', '/calendars/events/appointments', {
      calendarId: SEED.calendars.consultation, // another calendar
      locationId: SEED.locationId,
      contactId: grace,
      startTime: APPOINTMENT_START.replace('T10:', 'T11:'),
      ignoreFreeSlotValidation: true,
      assignedUserId: daniel,
    });
    const out = await fired();
    expect(idsOf(out)).toEqual({
      new_contact_instant: [],
      updated_contact_instant: [], // delivered (a ContactUpdate), but the watched field has no new value
      tag_added_instant: [],
      new_task_instant: [],
      task_completed_instant: [],
      new_note_instant: [],
      new_appointment_instant: [],
      appointment_updated_instant: [],
    });
  });

  it('a contact created with the tag fires Tag Added (Instant) once; adding another tag later does not fire it again', async () => {
    const { contact } = await api('POST', '/contacts/', {
      locationId: SEED.locationId,
      firstName: 'Lise',
      lastName: 'Meitner',
      email: 'lise@example.com',
      tags: ['VIP', 'lead'],
    });
    let out = await fired();
    expect(idsOf(out).tag_added_instant).toEqual([contact.id]);
    expect(out.tag_added_instant![0]).toMatchObject({ tag: 'vip', firstName: 'Lise' });
    expect(idsOf(out).new_contact_instant).toEqual([contact.id]);
    await api('POST', `/contacts/${contact.id}/tags`, { tags: ['hot'] });
    out = await fired();
    expect(idsOf(out).tag_added_instant).toEqual([]);
  });

  it('after performUnsubscribe nothing more arrives for that Zap; the others still fire', async () => {
    await appTester(app.triggers.new_contact_instant.operation.performUnsubscribe, bundle('new_contact_instant'));
    const { contact } = await api('POST', '/contacts/', {
      locationId: SEED.locationId,
      firstName: 'Ada',
      lastName: 'Yonath',
      email: 'ada.yonath@example.com',
    });
    await api('PUT', `/contacts/${contact.id}`, { city: 'Jerusalem' });
    await rig.settled();
    expect(rig.hitsFor('new_contact_instant')).toEqual([]);
    expect(idsOf(await fired()).updated_contact_instant).toEqual([contact.id]);
  });
  it("an agency connection subscribes for the chosen sub-account: its changes fire, the other sub-account's do not", async () => {
    const agency = authDataOf(sandbox.issueToken({ userType: 'Company' }));
    const harbor = SEED.otherLocationId;
    const zap = (extra: Record<string, unknown> = {}) => ({
      authData: { ...agency },
      inputData: { locationId: harbor },
      meta: stepMeta(),
      targetUrl: rig.hookUrl('agency_new_contact'),
      ...extra,
    });
    const subscribeData = await appTester(app.triggers.new_contact_instant.operation.performSubscribe, zap());
    expect(subscribeData).toMatchObject({ event: 'ContactCreate', locationId: harbor });
    // the subscription went with a location token minted for Harbor (the unit tests check it is the one sent to the relay)
    const harborTokens = [...sandbox.store.accessTokens.values()].filter((t) => t.userType === 'Location' && t.locationId === harbor);
    expect(harborTokens).toHaveLength(1);

    const harborToken = sandbox.issueToken({ locationId: harbor }).access_token;
    const { contact } = await api(
      'POST',
      '/contacts/',
      { locationId: harbor, firstName: 'Grete', lastName: 'Hermann', email: 'grete@example.com' },
      harborToken,
    );
    await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Emmy', lastName: 'Noether', email: 'emmy@example.com' }); // the other sub-account
    await rig.settled();
    const hits = rig.hitsFor('agency_new_contact');
    expect(hits.map((h) => h.body.id)).toEqual([contact.id]);
    // perform reads the contact with the sub-account's location token (minted for the agency connection)
    const out = await appTester(app.triggers.new_contact_instant.operation.perform, zap({ cleanedRequest: hits[0]!.body, subscribeData }));
    expect(out).toEqual([expect.objectContaining({ id: contact.id, locationId: harbor, name: 'Grete Hermann' })]);
    rig.hits.length = 0;
  });
});
