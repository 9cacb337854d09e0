// End to end: EVERY trigger (hidden dropdowns included), create and search of the app, run through
// zapier-platform-core's app tester against the local HighLevel sandbox over real HTTP (127.0.0.1), with realistic
// input. The sandbox enforces HighLevel's contract (spec-checked bodies and queries → 422, Version headers, scopes),
// so an operation that sends what HighLevel would refuse fails here.
//
// The input of every operation and its request count are its row in sandbox/cases.ts (shared with the fault suites
// and the benchmarks); EXPECT here adds what a run must have done, where more than "no error, the right count".
// The suite walks App.triggers, App.creates and App.searches: an operation added to the app without a row FAILS.
// Each case starts from the seed (store.reset()) with a cold z.cache, so its request count is the cold-cache cost.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import zapier from 'zapier-platform-core';
import App from '../index.js';
import { SEED, startSandbox } from '../sandbox/server.js';
import type { Sandbox } from '../sandbox/server.js';
import type { LocationData } from '../sandbox/store.js';
import { authDataOf, stepMeta } from '../sandbox/zapier.js';
import { CASES, caseOf, chicago, idsOf } from '../sandbox/cases.js';
import type { Ids } from '../sandbox/cases.js';
import { eventBody, type StoreEvent } from '../sandbox/webhooks.js';
import { recordRequests, sentBothWays, withCoreMerge } from './request-merge.support.js';

type Group = 'triggers' | 'creates' | 'searches';
const GROUPS: Group[] = ['triggers', 'creates', 'searches'];
const app = App as any;
const appTester = zapier.createAppTester(App) as (fn: unknown, bundle: Record<string, unknown>, clearCache?: boolean) => Promise<any>;

let sandbox: Sandbox;
let authData: Record<string, string>;
const requests: { method: string; path: string; status: number }[] = [];
const saved = { api: process.env.GHL_API_BASE_URL };

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    clientId: process.env.CLIENT_ID,
    clientSecret: process.env.CLIENT_SECRET,
    log: (line) => {
      const m = /^(\w+) (\S+) → (\d+)/.exec(line);
      if (m) requests.push({ method: m[1]!, path: m[2]!.split('?')[0]!, status: Number(m[3]) });
      else throw new Error(line); // a sandbox crash is a failure, never a quiet 500
    },
  });
  process.env.GHL_API_BASE_URL = sandbox.url;
});
afterAll(async () => {
  if (saved.api === undefined) delete process.env.GHL_API_BASE_URL;
  else process.env.GHL_API_BASE_URL = saved.api;
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.store.reset(); // the seed again; tokens and rate counters cleared
  authData = authDataOf(sandbox.issueToken());
  requests.length = 0;
});

// ------------------------------------------------------------------------------------------------ the seed

/** The seed's generated ids (sandbox/cases.ts) and its location, read after the reset. */
interface Ctx extends Ids {
  loc: LocationData;
}

function seeded(): Ctx {
  return { ...idsOf(sandbox.store), loc: sandbox.store.primary };
}

const { ada, grace, alan } = SEED.contacts;
const { maya, daniel, sofia } = SEED.users;
/** The instant of that wall-clock time in America/Chicago (CST or CDT, whichever applies that day). */
function chicagoMs(daysAhead: number, hour: number): number {
  const [date, time] = chicago(daysAhead, hour).split(' ') as [string, string];
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Chicago',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(asUtc))
      .map((p) => [p.type, p.value]),
  );
  const wallAtAsUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!);
  return asUtc + (asUtc - wallAtAsUtc); // shift by the zone's offset
}
/** Days from today to the next Monday–Friday in Chicago (1–3). */
function nextWeekday(): number {
  for (let d = 1; ; d++) if (![0, 6].includes(new Date(`${chicago(d, 12).slice(0, 10)}T12:00:00Z`).getUTCDay())) return d;
}
const ids = (items: { id: string }[]) => items.map((i) => i.id);
const contact = (c: Ctx, id: string) => c.loc.contacts.get(id);

// ------------------------------------------------------------------------------------------------ the table

interface Expect {
  /** changes to the seed a realistic run needs first (sandbox store, no requests) */
  prepare?: (c: Ctx) => void;
  /** an instant trigger's delivery: the sandbox's webhook for this change, as the relay passes it on (cleanedRequest) */
  event?: (c: Ctx) => StoreEvent;
  check?: (result: any, c: Ctx) => void;
}

const EXPECT: Record<string, Expect> = {
  // ---- triggers: hidden dropdowns
  'triggers.sub_account_list': {
    check: (r) =>
      expect(r).toEqual([
        expect.objectContaining({ id: SEED.locationId, name: expect.stringContaining('Bright Smile Dental') }),
        expect.objectContaining({ id: SEED.otherLocationId, name: expect.stringContaining('Harbor Fitness Studio') }),
      ]),
  },
  'triggers.user_list': {
    check: (r) =>
      expect(r).toEqual(expect.arrayContaining([expect.objectContaining({ id: daniel, name: expect.stringContaining('Daniel Kim') })])),
  },
  'triggers.contact_list': {
    check: (r) => {
      expect(ids(r)).toEqual([alan, grace, ada]); // newest first
      expect(r[2].label).toContain('Ada Lovelace');
    },
  },
  'triggers.custom_field_list': {
    check: (r) => {
      expect(ids(r)).toEqual(expect.arrayContaining(['email', 'insurance_provider', 'services_interested_in']));
      expect(ids(r)).not.toContain('deal_source'); // an opportunity field
    },
  },
  'triggers.tag_list': {
    check: (r) => expect(ids(r)).toEqual(['follow up', 'invisalign', 'new lead', 'newsletter', 'vip']),
  },
  'triggers.campaign_list': {
    check: (r) =>
      expect(r).toEqual([expect.objectContaining({ id: SEED.campaignId, name: expect.stringContaining('Spring Whitening Promo') })]),
  },
  'triggers.workflow_list': {
    check: (r) => expect(ids(r)).toEqual(expect.arrayContaining([SEED.workflows.welcome, SEED.workflows.reminder])),
  },
  'triggers.task_list': {
    check: (r, c) =>
      expect(r).toEqual([{ id: c.adaTask, name: expect.stringMatching(/^Call about Invisalign quote \(due \d{4}-\d\d-\d\d, open\)$/) }]),
  },
  'triggers.note_list': {
    check: (r, c) =>
      expect(r).toEqual([expect.objectContaining({ id: c.adaNote, label: expect.stringContaining('Prefers early morning') })]),
  },
  'triggers.timezone_list': {
    check: (r) => {
      expect(r[0]).toEqual({ id: 'UTC', name: 'UTC' });
      expect(r).toEqual(expect.arrayContaining([{ id: 'America/New_York', name: 'America/New York' }]));
    },
  },
  'triggers.country_list': {
    check: (r) =>
      expect(r).toEqual(
        expect.arrayContaining([
          { id: 'DE', name: 'Germany (DE)' },
          { id: 'US', name: 'United States (US)' },
        ]),
      ),
  },
  'triggers.calendar_list': {
    check: (r) =>
      expect(r).toEqual([
        { id: SEED.calendars.consultation, name: 'Initial Consultation' },
        { id: SEED.calendars.cleaning, name: 'Teeth Cleaning' },
      ]),
  },
  'triggers.appointment_list': {
    check: (r, c) => expect(r).toEqual([{ id: c.adaAppointment, label: expect.stringContaining('Initial Consultation') }]),
  },
  // ---- triggers: visible
  'triggers.new_contact': {
    check: (r) => {
      expect(ids(r)).toEqual([alan, grace, ada]);
      expect(r[2].customField).toMatchObject({ preferred_appointment_time: 'Morning', number_of_visits: 4 });
    },
  },
  'triggers.updated_contact': {
    prepare: (c) => {
      c.loc.contacts.get(grace)!.dateUpdated = sandbox.store.now(); // Grace changed just now
    },
    check: (r) => {
      expect(ids(r)).toEqual([grace]); // the only contact with an insurance provider
      expect(r[0]).toMatchObject({
        watchedField: 'insurance_provider',
        watchedFieldLabel: 'Insurance Provider',
        watchedValue: 'Delta Dental',
      });
    },
  },
  'triggers.tag_added': {
    check: (r) => {
      expect(ids(r)).toEqual([ada]);
      expect(r[0].tag).toBe('vip');
    },
  },
  'triggers.new_task': {
    check: (r, c) => {
      expect(ids(r)).toEqual([c.adaTask]);
      expect(r[0]).toMatchObject({ title: 'Call about Invisalign quote', completed: false, contactId: ada, assignedTo: daniel });
    },
  },
  'triggers.task_completed': {
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.graceDoneTask, completed: true, contactId: grace })]),
  },
  'triggers.new_note': {
    check: (r, c) =>
      expect(r).toEqual([
        expect.objectContaining({ id: c.adaNote, contactId: ada, bodyText: expect.stringContaining('allergic to latex') }),
      ]),
  },
  'triggers.new_appointment': {
    check: (r, c) =>
      expect(r).toEqual([expect.objectContaining({ id: c.adaAppointment, calendarId: SEED.calendars.consultation, contactId: ada })]),
  },
  'triggers.appointment_updated': {
    prepare: (c) => {
      const a = c.loc.appointments.get(c.adaAppointment)!;
      a.appointmentStatus = 'showed';
      a.dateUpdated = sandbox.store.now();
    },
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.adaAppointment, appointmentStatus: 'showed' })]),
  },

  // ---- triggers: instant (one delivery each, the sandbox's own webhook body)
  'triggers.new_contact_instant': {
    event: (c) => ({ type: 'ContactCreate', loc: c.loc, record: contact(c, ada)! }),
    check: (r) => {
      expect(ids(r)).toEqual([ada]);
      expect(r[0].customField).toMatchObject({ preferred_appointment_time: 'Morning', number_of_visits: 4 });
    },
  },
  'triggers.updated_contact_instant': {
    event: (c) => ({ type: 'ContactUpdate', loc: c.loc, record: contact(c, grace)! }),
    check: (r) =>
      expect(r).toEqual([expect.objectContaining({ id: grace, watchedField: 'insurance_provider', watchedValue: 'Delta Dental' })]),
  },
  'triggers.tag_added_instant': {
    event: (c) => ({ type: 'ContactTagUpdate', loc: c.loc, record: contact(c, ada)! }),
    check: (r) => expect(r).toEqual([expect.objectContaining({ id: ada, tag: 'vip' })]),
  },
  'triggers.new_task_instant': {
    event: (c) => ({ type: 'TaskCreate', loc: c.loc, record: c.loc.tasks.get(c.adaTask)! }),
    check: (r, c) =>
      expect(r).toEqual([expect.objectContaining({ id: c.adaTask, contactId: ada, contactName: expect.any(String), assignedTo: daniel })]),
  },
  'triggers.task_completed_instant': {
    event: (c) => ({ type: 'TaskComplete', loc: c.loc, record: c.loc.tasks.get(c.graceDoneTask)! }),
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.graceDoneTask, completed: true, contactId: grace })]),
  },
  'triggers.new_note_instant': {
    event: (c) => ({ type: 'NoteCreate', loc: c.loc, record: c.loc.notes.get(c.adaNote)! }),
    check: (r, c) =>
      expect(r).toEqual([
        expect.objectContaining({ id: c.adaNote, contactId: ada, bodyText: expect.stringContaining('allergic to latex') }),
      ]),
  },
  'triggers.new_appointment_instant': {
    event: (c) => ({ type: 'AppointmentCreate', loc: c.loc, record: c.loc.appointments.get(c.adaAppointment)! }),
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.adaAppointment, calendarId: SEED.calendars.consultation })]),
  },
  'triggers.appointment_updated_instant': {
    prepare: (c) => {
      c.loc.appointments.get(c.adaAppointment)!.appointmentStatus = 'showed';
    },
    event: (c) => ({ type: 'AppointmentUpdate', loc: c.loc, record: c.loc.appointments.get(c.adaAppointment)! }),
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.adaAppointment, appointmentStatus: 'showed' })]),
  },

  // ---- creates: contacts
  'creates.create_contact': {
    check: (r, c) => {
      const stored = contact(c, r.id)!;
      expect(stored).toMatchObject({
        firstName: 'Katherine',
        email: 'Katherine.Johnson@Example.com',
        phone: '+13125550164',
        assignedTo: sofia,
        tags: ['new lead', 'whitening'],
      });
      expect(stored.customFields).toMatchObject({
        [SEED.customFields.insurance]: 'Cigna',
        [SEED.customFields.visits]: 2,
        [SEED.customFields.services]: ['Whitening', 'Cleaning'],
      });
      expect(r.customField).toMatchObject({ insurance_provider: 'Cigna' });
    },
  },
  'creates.update_contact': {
    check: (r, c) => {
      expect(r.id).toBe(grace);
      expect(contact(c, grace)).toMatchObject({ city: 'Evanston', postalCode: '60201', tags: ['new lead'] }); // tags untouched
      expect(contact(c, grace)!.customFields[SEED.customFields.preferredTime]).toBe('Evening');
      expect(contact(c, grace)!.customFields[SEED.customFields.insurance]).toBe('Delta Dental'); // kept
    },
  },
  'creates.upsert_contact': {
    check: (r, c) => {
      expect(r).toMatchObject({ id: grace, created: false });
      expect(contact(c, grace)).toMatchObject({ companyName: 'Navy Reserve', tags: ['new lead'] });
      expect(c.loc.contacts.size).toBe(3);
    },
  },
  'creates.delete_contact': {
    check: (r, c) => {
      expect(r).toMatchObject({ id: alan });
      expect(contact(c, alan)).toBeUndefined();
    },
  },
  // ---- creates: tags, campaigns, workflows, followers, API request
  'creates.add_tags': {
    check: (_r, c) => expect(contact(c, grace)!.tags).toEqual(['new lead', 'vip', 'follow up']),
  },
  'creates.remove_tags': {
    check: (_r, c) => expect(contact(c, ada)!.tags).toEqual(['vip']),
  },
  'creates.bulk_update_tags': {
    // the last id is of no contact here
    check: (r, c) => {
      expect(r).toMatchObject({
        action: 'add',
        contactCount: 3,
        successCount: 2,
        errorCount: 1,
        succeeded: false,
        failedContactIds: ['Xq7LmN2pR8sT4vW9yZ1a'],
      });
      expect(r.errors).toBe('Xq7LmN2pR8sT4vW9yZ1a: contact does not belong to location');
      expect(contact(c, ada)!.tags).toContain('newsletter');
      expect(contact(c, grace)!.tags).toContain('newsletter');
    },
  },
  'creates.add_to_campaign': {
    check: (_r, c) => expect(contact(c, grace)!.campaigns).toEqual([SEED.campaignId]),
  },
  'creates.remove_from_campaign': {
    check: (_r, c) => expect(contact(c, ada)!.campaigns).toEqual([]),
  },
  'creates.add_to_workflow': {
    check: (_r, c) => expect(contact(c, grace)!.workflows).toEqual([expect.objectContaining({ workflowId: SEED.workflows.welcome })]),
  },
  'creates.remove_from_workflow': {
    prepare: (c) => {
      contact(c, grace)!.workflows.push({ workflowId: SEED.workflows.welcome, addedAt: sandbox.store.now() });
    },
    check: (_r, c) => expect(contact(c, grace)!.workflows).toEqual([]),
  },
  'creates.add_followers': {
    check: (_r, c) => expect(contact(c, grace)!.followers).toEqual([daniel, sofia]),
  },
  'creates.remove_followers': {
    check: (_r, c) => expect(contact(c, ada)!.followers).toEqual([]),
  },
  'creates.api_request': {
    check: (r) => {
      expect(r.status).toBe(200);
      expect(r.data.tags.map((t: { name: string }) => t.name)).toContain('vip');
    },
  },
  // ---- creates: tasks
  'creates.create_task': {
    check: (r, c) => {
      expect(r).toMatchObject({ title: 'Send new-patient forms', completed: false, contactId: grace, assignedTo: sofia });
      expect(c.loc.tasks.get(r.id)).toMatchObject({ contactId: grace, body: 'Intake forms and the insurance card upload link.' });
    },
  },
  'creates.update_task': {
    check: (r, c) => {
      expect(r).toMatchObject({ id: c.adaTask, title: 'Call about Invisalign financing' });
      expect(c.loc.tasks.get(c.adaTask)).toMatchObject({
        title: 'Call about Invisalign financing',
        assignedTo: sofia,
        body: 'She asked for financing options.',
      });
    },
  },
  'creates.complete_task': {
    check: (r, c) => {
      expect(r).toMatchObject({ id: c.adaTask, completed: true });
      expect(c.loc.tasks.get(c.adaTask)!.completed).toBe(true);
    },
  },
  'creates.reopen_task': {
    check: (r, c) => {
      expect(r).toMatchObject({ id: c.graceDoneTask, completed: false });
      expect(c.loc.tasks.get(c.graceDoneTask)!.completed).toBe(false);
    },
  },
  'creates.delete_task': {
    check: (_r, c) => expect(c.loc.tasks.has(c.adaTask)).toBe(false),
  },
  // ---- creates: notes
  'creates.create_note': {
    check: (r, c) => {
      expect(r).toMatchObject({ contactId: grace });
      expect(c.loc.notes.get(r.id)).toMatchObject({ contactId: grace, body: 'Called back: wants a Saturday appointment.', userId: maya });
    },
  },
  'creates.update_note': {
    check: (r, c) => {
      expect(r.id).toBe(c.adaNote);
      expect(c.loc.notes.get(c.adaNote)!.body).toContain('penicillin');
    },
  },
  'creates.delete_note': {
    check: (_r, c) => expect(c.loc.notes.has(c.adaNote)).toBe(false),
  },
  // ---- creates: appointments
  'creates.create_appointment': {
    check: (r, c) => {
      const stored = c.loc.appointments.get(r.id)!;
      expect(stored).toMatchObject({ calendarId: SEED.calendars.cleaning, contactId: grace, title: 'Teeth Cleaning - Grace Hopper' });
      expect(stored.endTime - stored.startTime).toBe(60 * 60_000); // the calendar's slot length
      expect(new Date(stored.startTime).toISOString()).toBe(new Date(chicagoMs(4, 9)).toISOString()); // 09:00 in the location's zone
    },
  },
  'creates.update_appointment': {
    check: (r, c) => {
      const stored = c.loc.appointments.get(c.adaAppointment)!;
      expect(r.id).toBe(c.adaAppointment);
      expect(stored.endTime - stored.startTime).toBe(30 * 60_000);
      expect(stored.startTime).toBe(chicagoMs(2, 14));
    },
  },
  'creates.cancel_appointment': {
    check: (r, c) => {
      expect(r).toMatchObject({ id: c.adaAppointment, appointmentStatus: 'cancelled' });
      expect(c.loc.appointments.get(c.adaAppointment)!.appointmentStatus).toBe('cancelled');
    },
  },
  'creates.delete_appointment': {
    check: (_r, c) => expect(c.loc.appointments.has(c.adaAppointment)).toBe(false),
  },

  // ---- searches
  'searches.find_contact': {
    check: (r) => {
      expect(ids(r)).toEqual([grace]);
      expect(r[0].customField).toMatchObject({ insurance_provider: 'Delta Dental' });
    },
  },
  'searches.get_contact': {
    check: (r) => {
      expect(ids(r)).toEqual([ada]);
      expect(r[0].customField).toMatchObject({ services_interested_in: ['Invisalign', 'Whitening'] });
    },
  },
  'searches.find_contacts_by_business': {
    check: (r) => expect(ids(r)).toEqual([ada]),
  },
  'searches.find_task': {
    check: (r, c) => expect(ids(r)).toEqual([c.adaTask]),
  },
  'searches.get_task': {
    check: (r, c) =>
      expect(r).toEqual([expect.objectContaining({ id: c.graceDoneTask, title: 'Send new patient forms', completed: true })]),
  },
  'searches.find_note': {
    check: (r, c) => expect(ids(r)).toEqual([c.adaNote]),
  },
  'searches.get_note': {
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.adaNote, contactId: ada })]),
  },
  'searches.find_appointments': {
    check: (r, c) => {
      expect(ids(r)).toEqual([c.adaAppointment]);
      expect(r[0].startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)$/); // ISO 8601, not "YYYY-MM-DD HH:mm:ss"
    },
  },
  'searches.get_appointment': {
    check: (r, c) => expect(r).toEqual([expect.objectContaining({ id: c.adaAppointment, contactId: ada, appointmentStatus: 'confirmed' })]),
  },
  'searches.find_free_slots': {
    prepare: (c) => {
      // Daniel's consultation with Ada moves to 10:00 on the next weekday (the practice's hours: Mon–Fri 08–18)
      const a = c.loc.appointments.get(c.adaAppointment)!;
      a.startTime = chicagoMs(nextWeekday(), 10);
      a.endTime = a.startTime + 30 * 60_000;
    },
    check: (r) => {
      expect(r).toHaveLength(1);
      const [slot] = r;
      expect(slot).toMatchObject({
        calendarId: SEED.calendars.consultation,
        userId: daniel,
        durationMinutes: 30,
        timezone: 'America/Chicago',
      });
      const starts = [slot.startTime, ...slot.otherSlots.map((s: { startTime: string }) => s.startTime)].map(Date.parse);
      expect(slot.slotCount).toBe(starts.length);
      expect(starts[0]).toBeGreaterThanOrEqual(sandbox.store.now() - 60_000); // from now on
      expect([...starts].sort((a, b) => a - b)).toEqual(starts); // the first free time first
      expect(slot.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00-0[56]:00$/); // Chicago offset, as Create Appointment takes it
      expect(Date.parse(slot.endTime) - starts[0]!).toBe(30 * 60_000);
      // Daniel is booked at 10:00 that day: not free then, free right before and after
      expect(starts).not.toContain(chicagoMs(nextWeekday(), 10));
      expect(starts).toEqual(
        expect.arrayContaining([chicagoMs(nextWeekday(), 9) + 30 * 60_000, chicagoMs(nextWeekday(), 10) + 30 * 60_000]),
      );
    },
  },
};

// ------------------------------------------------------------------------------------------------ the suite

const OPERATIONS = GROUPS.flatMap((group) => Object.keys(app[group] ?? {}).map((key) => `${group}.${key}`)).sort();
/** every z.request of every case below, for the last test (request-merge.support.ts) */
const sent = recordRequests(app, OPERATIONS);

it('has a case (sandbox/cases.ts) for every trigger, create and search, and no case or expectation for one that is gone', () => {
  expect(Object.keys(CASES).sort()).toEqual(OPERATIONS);
  expect(Object.keys(EXPECT).filter((name) => !OPERATIONS.includes(name))).toEqual([]);
});

describe.each(OPERATIONS)('%s', (name) => {
  it('runs against the sandbox with realistic input', async () => {
    const [group, key] = name.split('.') as [Group, string];
    const row = caseOf(group, key);
    const spec = EXPECT[name] ?? {};
    if (row.hook && !spec.event) throw new Error(`${name} is a hook trigger: give its EXPECT row the webhook event it maps`);
    const c = seeded();
    spec.prepare?.(c);
    const meta = stepMeta(row.meta);
    const auth = row.agency ? authDataOf(sandbox.issueToken({ userType: 'Company' })) : authData;
    const cleanedRequest = spec.event ? eventBody(spec.event(c)) : undefined;
    const subscribeData = spec.event ? { id: 'sub1' } : undefined;
    const result = await appTester(
      app[group][key].operation.perform,
      { authData: { ...auth }, inputData: row.input(c), meta, cleanedRequest, subscribeData },
      true,
    );

    if (group === 'creates') expect(result).toEqual(expect.any(Object));
    else {
      expect(Array.isArray(result)).toBe(true);
      for (const item of result) expect(typeof item.id).toBe('string');
    }
    expect(requests.filter((r) => r.status >= 400)).toEqual([]);
    spec.check?.(result, c);
    expect(requests).toHaveLength(row.requests);
  });
});

it("sends every request of these runs byte-identical to what core's request merge (which lib/client.ts skips) would send", async () => {
  const withRequests = OPERATIONS.filter((name) => CASES[name]!.requests > 0);
  expect([...new Set(sent.map((s) => s.operation))].sort()).toEqual(withRequests);
  expect(sent).toHaveLength(withRequests.reduce((n, name) => n + CASES[name]!.requests, 0));
  for (const s of sent) expect([s.operation, s.options.merge, s.options.headers?.['user-agent']]).toEqual([s.operation, false, 'Zapier']);

  const { asIs, variant, trails } = await sentBothWays(sent, sandbox.url); // variant: withCoreMerge
  const labelled = (list: typeof asIs) => list.map((wire, i) => ({ operation: sent[i]!.operation, ...wire }));
  expect(labelled(asIs)).toEqual(labelled(variant));
  expect(trails.asIs).toContain('What happened');
  expect(trails.asIs).toBe(trails.variant);

  // The comparison sees every header: without our user-agent (merge still off), node-fetch would send its own.
  const bare = await sentBothWays(sent.slice(0, 1), sandbox.url, (o) => ({ ...withCoreMerge(o), merge: false }));
  expect(bare.variant).not.toEqual(bare.asIs);
  expect(bare.asIs[0]!.headers).toEqual(expect.arrayContaining(['user-agent', 'Zapier']));
}, 120_000); // ~140 requests, each through core's pipeline: slow on a loaded machine, never a speed test
