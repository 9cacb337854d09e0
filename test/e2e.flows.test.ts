// End to end: the sync flows users build, run through zapier-platform-core's app tester against the local HighLevel
// sandbox over real HTTP (127.0.0.1) — and what the triggers return afterwards, polled the way Zapier polls: the
// first poll (isPopulatingDedupe) only seeds the dedupe table, later polls fire only items whose dedupe key (the
// trigger's primary output fields, else `id`) is new. Also the connection itself: the OAuth flow through the
// sandbox's consent page, and a token refresh with HighLevel's rotating refresh tokens.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import zapier from 'zapier-platform-core';
import App from '../index.js';
import { forgetRotations } from '../authentication.js';
import { NEW_LEAD } from '../sandbox/cases.js';
import { SEED } from '../sandbox/server.js';
import type { Sandbox } from '../sandbox/server.js';
import { authDataOf, startSandboxForApp, stepMeta } from '../sandbox/zapier.js';

type Group = 'triggers' | 'creates' | 'searches';
const app = App as any;
const appTester = zapier.createAppTester(App) as (fn: unknown, bundle: Record<string, unknown>, clearCache?: boolean) => Promise<any>;

let sandbox: Sandbox;
let authData: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandboxForApp({ port: 0, clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });
});
afterAll(() => sandbox?.close());
beforeEach(() => {
  sandbox.store.reset();
  authData = authDataOf(sandbox.issueToken());
});
afterEach(() => {
  sandbox.store.setClock(Date.now()); // undo any clock move
});

const meta = stepMeta;
const run = (group: Group, key: string, inputData: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<any> =>
  appTester(app[group][key].operation.perform, { authData: { ...authData }, inputData, meta: meta(extra) });

/** Turns a Zap on: the first poll seeds the dedupe table; the returned poll() gives only what newly fires. */
async function zap(key: string, inputData: Record<string, unknown> = {}): Promise<() => Promise<any[]>> {
  const primary = ((app.triggers[key].operation.outputFields ?? []) as any[])
    .filter((f) => f?.primary === true)
    .map((f) => f.key as string);
  const fields = primary.length ? primary : ['id'];
  const dedupeKey = (item: Record<string, unknown>) => fields.map((f) => JSON.stringify(item[f] ?? null)).join('|');
  const seen = new Set<string>((await run('triggers', key, inputData, { isPopulatingDedupe: true })).map(dedupeKey));
  return async () => {
    const items: Record<string, unknown>[] = await run('triggers', key, inputData);
    const fresh = items.filter((item) => !seen.has(dedupeKey(item)));
    for (const item of fresh) seen.add(dedupeKey(item));
    return fresh;
  };
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const DAY = 86_400_000;
const chicago = (daysAhead: number, hour: number) =>
  `${new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(Date.now() + daysAhead * DAY))} ${String(hour).padStart(2, '0')}:00`;
const { grace } = SEED.contacts;
/** What the token exchange and every refresh answer for the seed's sub-account (a new pair each time). */
const LOCATION_TOKENS = {
  access_token: expect.any(String),
  refresh_token: expect.any(String),
  locationId: SEED.locationId,
  companyId: SEED.companyId,
  userId: SEED.userId,
  userType: 'Location',
};

describe('sync flows', () => {
  it('contact created: a new lead → Create or Update Contact → Add Tags fires New Contact, Updated Contact and Tag Added once', async () => {
    const newContact = await zap('new_contact');
    const updatedContact = await zap('updated_contact');
    const tagAdded = await zap('tag_added', { tag: 'new lead' });

    const created = await run('creates', 'upsert_contact', NEW_LEAD);
    expect(created).toMatchObject({ created: true, firstName: 'Katherine', customField: { insurance_provider: 'Cigna' } });
    await run('creates', 'add_tags', { contactId: created.id, tags: 'new lead, whitening' });

    const fired = await newContact();
    expect(ids(fired)).toEqual([created.id]);
    expect(fired[0]).toMatchObject({
      email: 'katherine.johnson@example.com',
      phone: '+13125550164',
      tags: ['new lead', 'whitening'],
      customField: { insurance_provider: 'Cigna' },
    });
    expect(ids(await updatedContact())).toEqual([created.id]); // three writes between two polls: one run, the latest state
    expect(await tagAdded()).toEqual([expect.objectContaining({ id: created.id, tag: 'new lead' })]);
    expect([await newContact(), await updatedContact(), await tagAdded()]).toEqual([[], [], []]); // nothing changed since

    // The lead fills in the form again: the same contact is updated, not duplicated.
    const again = await run('creates', 'upsert_contact', { email: NEW_LEAD.email, phone: '+1 312 555 0199' });
    expect(again).toMatchObject({ id: created.id, created: false, phone: '+13125550199' });
    expect(await newContact()).toEqual([]);
    expect(await updatedContact()).toEqual([expect.objectContaining({ id: created.id, phone: '+13125550199' })]);
    expect(await tagAdded()).toEqual([]);
    expect(sandbox.store.primary.contacts.size).toBe(4);
  });

  it('contact updated: Update Contact fires Updated Contact each time, and a watched field only when its value changes', async () => {
    const anyChange = await zap('updated_contact');
    const cityChange = await zap('updated_contact', { watchField: 'city' });
    const newContact = await zap('new_contact');

    await run('creates', 'update_contact', { contactId: grace, city: 'Evanston', state: 'IL' });
    expect(ids(await anyChange())).toEqual([grace]);
    expect(await cityChange()).toEqual([
      expect.objectContaining({ id: grace, watchedField: 'city', watchedFieldLabel: 'City', watchedValue: 'Evanston' }),
    ]);

    await run('creates', 'update_contact', { contactId: grace, phone: '+1 312 555 0177' }); // the city stays
    expect(ids(await anyChange())).toEqual([grace]);
    expect(await cityChange()).toEqual([]);

    await run('creates', 'update_contact', { contactId: grace, city: 'Skokie' });
    expect(await cityChange()).toEqual([expect.objectContaining({ id: grace, watchedValue: 'Skokie' })]);
    expect(await newContact()).toEqual([]);
    const [found] = await run('searches', 'get_contact', { contactId: grace });
    expect(found).toMatchObject({
      city: 'Skokie',
      phone: '+13125550177',
      tags: ['new lead'],
      customField: { insurance_provider: 'Delta Dental' },
    });
  });

  it('task added, updated and completed: New Task fires once for the task, Task Completed when it is completed', async () => {
    const newTask = await zap('new_task');
    const completed = await zap('task_completed');
    const gracesTasks = await zap('new_task', { contactId: grace });

    const task = await run('creates', 'create_task', {
      contactId: grace,
      title: 'Send new-patient forms',
      dueDate: new Date(Date.now() + 2 * DAY).toISOString(),
      assignedTo: SEED.users.sofia,
    });
    expect(await newTask()).toEqual([
      expect.objectContaining({
        id: task.id,
        title: 'Send new-patient forms',
        completed: false,
        contactId: grace,
        assignedTo: SEED.users.sofia,
      }),
    ]);
    expect(ids(await gracesTasks())).toEqual([task.id]);
    expect(await completed()).toEqual([]);

    const updated = await run('creates', 'update_task', {
      contactId: grace,
      taskId: task.id,
      title: 'Send new-patient forms and the insurance link',
      dueDate: new Date(Date.now() + 3 * DAY).toISOString(),
    });
    expect(updated).toMatchObject({ id: task.id, title: 'Send new-patient forms and the insurance link' });
    expect(await newTask()).toEqual([]); // an edit is not a new task
    expect(await completed()).toEqual([]);

    await run('creates', 'complete_task', { contactId: grace, taskId: task.id });
    expect(await completed()).toEqual([
      expect.objectContaining({ id: task.id, title: 'Send new-patient forms and the insurance link', completed: true }),
    ]);
    expect(await newTask()).toEqual([]);
    expect(
      await run('searches', 'find_task', { contactId: grace, title: 'send new-patient forms and the insurance link', status: 'completed' }),
    ).toEqual([expect.objectContaining({ id: task.id, completed: true })]);
  });

  it('New Task fires for tasks past the first page when HighLevel returns fewer tasks a page than asked (#10 item 9)', async () => {
    sandbox.store.taskPageCap = 1; // the app asks for 500 a page; this sandbox answers 1
    try {
      const newTask = await zap('new_task'); // Ada's open task: seen, will not fire
      const due = new Date(Date.now() + 2 * DAY).toISOString();
      const first = await run('creates', 'create_task', { contactId: grace, title: 'Send new-patient forms', dueDate: due });
      const second = await run('creates', 'create_task', { contactId: grace, title: 'Confirm insurance', dueDate: due });
      // three open tasks, one a page: the poll must read pages 2 and 3 too
      expect(ids(await newTask()).sort()).toEqual([first.id, second.id].sort());
      expect(await newTask()).toEqual([]);
    } finally {
      sandbox.store.taskPageCap = undefined;
    }
  });

  it('note added: New Note fires for the note, on the chosen contact and in the sub-account scan', async () => {
    const onGrace = await zap('new_note', { contactId: grace });
    const anyContact = await zap('new_note');

    await run('creates', 'add_tags', { contactId: grace, tags: 'follow up' }); // the call that led to the note
    const note = await run('creates', 'create_note', {
      contactId: grace,
      body: 'Called back: wants a Saturday appointment for the cleaning.',
      userId: SEED.users.maya,
    });
    expect(note).toMatchObject({ contactId: grace });
    expect(await onGrace()).toEqual([
      expect.objectContaining({ id: note.id, contactId: grace, bodyText: expect.stringContaining('Saturday') }),
    ]);
    expect(ids(await anyContact())).toEqual([note.id]);

    await run('creates', 'update_note', {
      contactId: grace,
      noteId: note.id,
      body: 'Called back: wants a Saturday appointment; booked for next week.',
    });
    expect(await onGrace()).toEqual([]); // an edit is not a new note
    expect(await anyContact()).toEqual([]);
    expect(ids(await run('searches', 'find_note', { contactId: grace, query: 'booked' }))).toEqual([note.id]);
  });

  it('appointment booked: New Appointment fires for the booking, Appointment Updated for a later reschedule and the cancellation', async () => {
    const calendar = { calendarId: SEED.calendars.consultation };
    const booked = await zap('new_appointment', calendar);
    const changed = await zap('appointment_updated', calendar);

    const appointment = await run('creates', 'create_appointment', {
      ...calendar,
      contactId: grace,
      startTime: chicago(3, 11),
      title: 'Initial Consultation - Grace Hopper',
    });
    expect(appointment).toMatchObject({ calendarId: SEED.calendars.consultation, contactId: grace, appointmentStatus: 'confirmed' });
    expect(await booked()).toEqual([
      expect.objectContaining({ id: appointment.id, contactId: grace, title: 'Initial Consultation - Grace Hopper' }),
    ]);
    expect(await changed()).toEqual([]); // the booking itself is not an update
    expect(ids(await run('searches', 'find_appointments', { contactId: grace, when: 'upcoming' }))).toEqual([appointment.id]);

    sandbox.store.advanceClock(20 * 60_000); // twenty minutes later the patient asks to move it
    const moved = await run('creates', 'update_appointment', {
      contactId: grace,
      appointmentId: appointment.id,
      startTime: chicago(3, 15),
    });
    expect(Date.parse(moved.endTime) - Date.parse(moved.startTime)).toBe(30 * 60_000);
    const [rescheduled] = await changed();
    expect(rescheduled).toMatchObject({ id: appointment.id, appointmentStatus: 'confirmed' });
    expect(Date.parse(rescheduled.startTime)).toBe(Date.parse(moved.startTime));
    expect(await booked()).toEqual([]);

    sandbox.store.advanceClock(60_000);
    await run('creates', 'cancel_appointment', { contactId: grace, appointmentId: appointment.id });
    expect(await changed()).toEqual([expect.objectContaining({ id: appointment.id, appointmentStatus: 'cancelled' })]);
    expect(await changed()).toEqual([]);
    expect(await run('searches', 'get_appointment', { appointmentId: appointment.id })).toEqual([
      expect.objectContaining({ id: appointment.id, appointmentStatus: 'cancelled' }),
    ]);
  });

  it('booked into a free slot: Find Free Slots → Create Appointment with its times and team member; the time is then taken', async () => {
    const loc = sandbox.store.primary;
    for (const a of [...loc.appointments.values()]) loc.appointments.delete(a.id); // a calendar with nothing booked yet
    const booked = await zap('new_appointment', { calendarId: SEED.calendars.consultation });
    const sofia = { calendarId: SEED.calendars.consultation, userId: SEED.users.sofia, from: chicago(1, 8), days: 7 };
    const [slot] = await run('searches', 'find_free_slots', sofia);
    expect(slot).toMatchObject({ calendarId: SEED.calendars.consultation, userId: SEED.users.sofia, durationMinutes: 30 });

    const appointment = await run('creates', 'create_appointment', {
      calendarId: slot.calendarId,
      contactId: grace,
      startTime: slot.startTime,
      endTime: slot.endTime,
      assignedUserId: slot.userId,
      title: 'Initial Consultation - Grace Hopper',
    });
    expect(Date.parse(appointment.startTime)).toBe(Date.parse(slot.startTime));
    expect(Date.parse(appointment.endTime)).toBe(Date.parse(slot.endTime));
    expect(appointment.assignedUserId).toBe(SEED.users.sofia);
    expect(ids(await booked())).toEqual([appointment.id]);

    // Sofia's next free time is the one after; for the calendar as a whole (Daniel too) the booked time is still free
    const [next] = await run('searches', 'find_free_slots', sofia);
    expect(next.startTime).toBe(slot.otherSlots[0].startTime);
    const [anyone] = await run('searches', 'find_free_slots', { ...sofia, userId: undefined });
    expect(anyone.startTime).toBe(slot.startTime);
  });
});

describe('Find Contact against the sandbox', () => {
  it('by name finds the one exact match behind 150 newer contacts that the free text matches too', async () => {
    const base = Date.now() - 86_400_000;
    const real = sandbox.store.addContact({ firstName: 'Maria', lastName: 'Lopez', email: 'maria@lopez.example' }, { dateAdded: base });
    for (let i = 1; i <= 150; i++)
      sandbox.store.addContact({ firstName: 'Maria', lastName: `Lopez Garcia ${i}` }, { dateAdded: base + i * 1000 });
    const found = await run('searches', 'find_contact', { name: 'Maria Lopez' });
    expect(found.map((c: any) => c.id)).toEqual([real.id]);
  });

  it('an email longer than the search takes (75) goes on to the phone, where HighLevel would answer 422', async () => {
    const email = `maria.${'lopez'.repeat(14)}@example.com`;
    const real = sandbox.store.addContact({ firstName: 'Maria', email, phone: '+13125550777' });
    const found = await run('searches', 'find_contact', { email, phone: '+1 312 555 0777' });
    expect(found.map((c: any) => c.id)).toEqual([real.id]);
  });
});

describe('connection', () => {
  const oauth = app.authentication.oauth2Config;
  const redirectUri = 'https://zapier.com/dashboard/auth/oauth/return/App123456CLIAPI/';

  it('connects through the consent page: authorizeUrl → Allow → code → getAccessToken → test → connection label', async () => {
    const authorizeUrl: string = await appTester(oauth.authorizeUrl, { inputData: { state: 'st-e2e', redirect_uri: redirectUri } });
    const page = await fetch(authorizeUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Bright Smile Dental');
    // The button posts the form back, as a browser does.
    const form = new URLSearchParams(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        m[2]!.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"'),
      ]),
    );
    form.set('locationId', SEED.locationId);
    const allowed = await fetch(new URL('/v2/oauth/chooselocation', sandbox.url), { method: 'POST', body: form, redirect: 'manual' });
    expect(allowed.status).toBe(302);
    const back = new URL(allowed.headers.get('location')!);
    expect(back.href.startsWith(redirectUri)).toBe(true);
    expect(back.searchParams.get('state')).toBe('st-e2e');

    const tokens = await appTester(oauth.getAccessToken, {
      inputData: { code: back.searchParams.get('code'), state: 'st-e2e', redirect_uri: redirectUri },
    });
    expect(tokens).toEqual(LOCATION_TOKENS);
    const location = await appTester(app.authentication.test, { authData: tokens, inputData: {}, meta: meta() });
    expect(location).toMatchObject({ id: SEED.locationId, name: 'Bright Smile Dental' });
    expect(await appTester(app.authentication.connectionLabel, { authData: tokens, inputData: location, meta: meta() })).toBe(
      'Bright Smile Dental',
    );
    // The code is single-use.
    const replay = await appTester(oauth.getAccessToken, {
      inputData: { code: back.searchParams.get('code'), redirect_uri: redirectUri },
    }).catch((e: Error) => e);
    expect(replay).toMatchObject({ message: expect.stringContaining('authorization code is invalid') });
  });

  it('refreshes an expired token: RefreshAuthError → refreshAccessToken → retry works; the old refresh token is dead', async () => {
    const oldRefresh = authData.refresh_token;
    sandbox.store.advanceClock(86_400 * 1000); // past the 86,399 s access token lifetime
    const expired = await run('searches', 'get_contact', { contactId: grace }).catch((e: Error) => e);
    expect(expired).toMatchObject({ name: 'RefreshAuthError' });

    const fresh = await appTester(oauth.refreshAccessToken, { authData: { ...authData }, inputData: {}, meta: meta() });
    expect(fresh).toEqual(LOCATION_TOKENS);
    expect(fresh.refresh_token).not.toBe(oldRefresh);
    authData = { ...authData, ...fresh }; // Zapier merges the result into authData
    expect(ids(await run('searches', 'get_contact', { contactId: grace }))).toEqual([grace]);

    // Another run that refreshed with the same token at the same time gets the same new pair (not "reconnect")…
    const concurrent = await appTester(oauth.refreshAccessToken, {
      authData: { ...authData, refresh_token: oldRefresh },
      inputData: {},
      meta: meta(),
    });
    expect(concurrent).toEqual(fresh);
    // …but once that handover is gone, the spent refresh token ends the connection.
    forgetRotations();
    (appTester as any).zcacheTestObj = {};
    const reused = await appTester(oauth.refreshAccessToken, {
      authData: { ...authData, refresh_token: oldRefresh },
      inputData: {},
      meta: meta(),
    }).catch((e: Error) => e);
    expect(reused).toMatchObject({ name: 'ExpiredAuthError', message: expect.stringContaining('refresh token is invalid') });
  });
});
