/**
 * One row per operation of the app: its realistic input against the sandbox's seed (sandbox/seed.ts), what a user
 * would fill in or map in a Zap step. Used by the end-to-end suite (test/e2e.operations.test.ts, which adds what to
 * expect), the fault suites (test/faults.support.ts, validInput) and every benchmark section (RUNS below). Each of
 * them walks the app's operations and FAILS for an operation without a row here.
 *
 * A row: `variant` names the typical run, `input` is it, `requests` what it costs; `more` are further runs whose request count differs
 * (benchmarks only); `direct` is the input the fault suites use when `input`'s first request is not the
 * operation's main one (for a create: the write), e.g. custom fields read their definitions first.
 *
 * Ids that the seed generates (tasks, notes, appointments) come in `Ids`, looked up in the store after each reset;
 * the fixed ones come from SEED.
 */
import { SEED } from './seed.ts';
import type { Store } from './store.ts';
import type { ScenarioName } from './bench/scenarios.ts';

export interface Ids {
  /** Ada's open task "Call about Invisalign quote" */
  adaTask: string;
  /** Grace's completed task */
  graceDoneTask: string;
  /** Ada's note */
  adaNote: string;
  /** Ada's upcoming appointment (Initial Consultation) */
  adaAppointment: string;
  /** the sandbox clock, ms */
  now: number;
}

export function idsOf(store: Store): Ids {
  const loc = store.primary;
  const tasks = [...loc.tasks.values()];
  const find = <T>(items: T[], pred: (t: T) => boolean, what: string): T => {
    const item = items.find(pred);
    if (!item) throw new Error(`cases: the sandbox seed has no ${what}`);
    return item;
  };
  return {
    adaTask: find(tasks, (t) => t.contactId === SEED.contacts.ada && !t.completed, 'open task of Ada').id,
    graceDoneTask: find(tasks, (t) => t.contactId === SEED.contacts.grace && t.completed, 'completed task of Grace').id,
    adaNote: find([...loc.notes.values()], (n) => n.contactId === SEED.contacts.ada, 'note of Ada').id,
    adaAppointment: find([...loc.appointments.values()], (a) => a.contactId === SEED.contacts.ada, 'appointment of Ada').id,
    now: store.now(),
  };
}

export type Input = Record<string, unknown>;

/** One run of an operation (benchmarks). */
export interface Run {
  /** what this run shows, e.g. "by email" */
  variant: string;
  inputs: Input;
  meta?: Record<string, unknown>;
  /** A change made to the sandbox first (after its reset), by name (bench/scenarios.ts), e.g. contacts updated in the last hour. */
  prepare?: [ScenarioName, ...unknown[]];
}

export interface Case {
  variant: string;
  /** requests the typical run makes against a freshly reset sandbox, cold z.cache (the e2e suite asserts it; README table) */
  requests: number;
  input: (ids: Ids) => Input;
  /** bundle.meta on top of Zapier's defaults (e.g. isFillingDynamicDropdown for hidden triggers) */
  meta?: Record<string, unknown>;
  more?: (ids: Ids) => Run[];
  direct?: (ids: Ids) => Input;
  /** run on an agency (Company token) connection instead of the sub-account one */
  agency?: true;
  /**
   * an instant (REST hook) trigger: its perform maps one webhook delivery, which the e2e suite builds from the
   * sandbox's own event (its EXPECT `event`); `requests` counts the reads by id per delivery. The benchmarks skip it
   * (they call perform without a delivery).
   */
  hook?: true;
}

const DAY = 86_400_000;
/** A wall-clock time in the seed location's zone, as a user types it: "2026-11-25 09:00" (days from today). */
export function chicago(daysAhead: number, hour: number): string {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(Date.now() + daysAhead * DAY));
  return `${ymd} ${String(hour).padStart(2, '0')}:00`;
}
/** A new lead as a web form sends it (not in the seed): the demo's and the e2e suite's sync flows start with it. */
export const NEW_LEAD = {
  firstName: 'Katherine',
  lastName: 'Johnson',
  email: 'katherine.johnson@example.com',
  phone: '+1 312 555 0164',
  source: 'Website Form',
  customField_insurance_provider: 'Cigna',
};
/** Now + `days`, ISO 8601 without milliseconds. */
export const isoIn = (days: number): string => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** An ISO time `days` from the sandbox clock at `hourUtc`:00 UTC. */
const at = (ids: Ids, days: number, hourUtc: number) => {
  const d = new Date(ids.now + days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
};

const { ada, grace, alan } = SEED.contacts;
const { maya, daniel, sofia } = SEED.users;
const { calendars } = SEED;
const dropdown = { isFillingDynamicDropdown: true };

export const CASES: Record<string, Case> = {
  // ---- triggers
  'triggers.sub_account_list': {
    variant: 'first page',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
    agency: true,
  },
  'triggers.user_list': {
    variant: 'first page',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.contact_list': {
    variant: 'first page',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.custom_field_list': {
    variant: 'watch-field choices',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.tag_list': {
    variant: 'all tags',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.campaign_list': {
    variant: 'all campaigns',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.workflow_list': {
    variant: 'all workflows',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.task_list': {
    variant: "a contact's tasks",
    requests: 1,
    input: () => ({ contactId: ada }),
    meta: dropdown,
  },
  'triggers.note_list': {
    variant: "a contact's notes",
    requests: 1,
    input: () => ({ contactId: ada }),
    meta: dropdown,
  },
  'triggers.timezone_list': {
    variant: 'all timezones',
    requests: 0,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.country_list': {
    variant: 'all countries',
    requests: 0,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.calendar_list': {
    variant: 'all calendars',
    requests: 1,
    input: () => ({}),
    meta: dropdown,
  },
  'triggers.appointment_list': {
    variant: "a contact's appointments",
    requests: 1,
    input: () => ({ contactId: ada }),
    meta: dropdown,
    more: () => [{ variant: "the connected user's appointments", inputs: {}, meta: dropdown }],
  },
  'triggers.new_contact': {
    variant: 'poll',
    requests: 2, // search + custom field definitions (the contacts carry custom field values)
    input: () => ({}),
  },
  'triggers.updated_contact': {
    variant: 'watching a custom field',
    requests: 2,
    input: () => ({ watchField: 'insurance_provider' }),
    more: () => [
      { variant: 'poll, no field watched', inputs: {} },
      { variant: 'watching Email', inputs: { watchField: 'email' } },
    ],
  },
  'triggers.tag_added': {
    variant: 'tag "VIP"',
    requests: 2,
    input: () => ({ tag: 'VIP' }),
  },
  'triggers.new_task': {
    variant: 'all open tasks',
    requests: 2, // one open task: the first page is short, the second (empty) confirms it was not a page cap
    input: () => ({}),
    more: () => [{ variant: 'one user', inputs: { assignedTo: [daniel] } }],
  },
  'triggers.task_completed': {
    variant: 'one user',
    requests: 2, // as New Task
    input: () => ({ assignedTo: sofia }),
    more: () => [{ variant: 'all completed tasks', inputs: {} }],
  },
  'triggers.new_note': {
    variant: 'one contact',
    requests: 1,
    input: () => ({ contactId: ada }),
    more: () => [
      { variant: 'no contact, none updated in the last hour', inputs: {} },
      { variant: 'no contact, 25 contacts updated in the last hour', inputs: {}, prepare: ['touchRecent', 25] },
    ],
  },
  'triggers.new_appointment': {
    variant: 'a calendar',
    requests: 1,
    input: () => ({ calendarId: SEED.calendars.consultation }),
    more: () => [{ variant: 'a user', inputs: { userId: daniel } }],
  },
  'triggers.appointment_updated': {
    variant: 'a user and a status',
    requests: 1,
    input: () => ({ userId: daniel, appointmentStatus: 'showed' }),
  },
  // ---- triggers: instant (one webhook delivery each; the e2e suite supplies it)
  'triggers.new_contact_instant': {
    variant: 'one delivery',
    requests: 2, // the contact by id + custom field definitions (Ada has custom field values)
    input: () => ({}),
    hook: true,
  },
  'triggers.updated_contact_instant': {
    variant: 'watching a custom field',
    requests: 2, // custom field definitions (the watched field) + the contact by id
    input: () => ({ watchField: 'insurance_provider' }),
    hook: true,
  },
  'triggers.tag_added_instant': {
    variant: 'tag "VIP"',
    requests: 2,
    input: () => ({ tag: 'VIP' }),
    hook: true,
  },
  'triggers.new_task_instant': {
    variant: 'one delivery',
    requests: 1, // the location task search (the payload has no contactId, #332)
    input: () => ({}),
    hook: true,
  },
  'triggers.task_completed_instant': {
    variant: 'one user',
    requests: 1,
    input: () => ({ assignedTo: sofia }),
    hook: true,
  },
  'triggers.new_note_instant': {
    variant: 'whole sub-account',
    requests: 1,
    input: () => ({}),
    hook: true,
  },
  'triggers.new_appointment_instant': {
    variant: 'a calendar',
    requests: 1,
    input: () => ({ calendarId: SEED.calendars.consultation }),
    hook: true,
  },
  'triggers.appointment_updated_instant': {
    variant: 'a user and a status',
    requests: 1,
    input: () => ({ userId: daniel, appointmentStatus: 'showed' }),
    hook: true,
  },
  // ---- creates
  'creates.create_contact': {
    variant: 'with 4 custom fields',
    requests: 2, // definitions + create
    input: () => ({
      firstName: 'Katherine',
      lastName: 'Johnson',
      email: 'Katherine.Johnson@Example.com',
      phone: '(312) 555-0164',
      companyName: 'Langley Research',
      city: 'Chicago',
      state: 'IL',
      country: 'US',
      dateOfBirth: '1990-08-26',
      source: 'Website Form',
      assignedTo: sofia,
      tags: ['new lead', 'whitening'],
      customField_insurance_provider: 'Cigna',
      customField_number_of_visits: '2',
      customField_services_interested_in: 'Whitening, Cleaning',
      customField_last_visit_date: '2026-10-01',
    }),
    more: () => [{ variant: 'no custom fields', inputs: { firstName: 'Tom', lastName: 'Baker', email: 'tom.baker@example.com' } }],
    direct: () => ({ firstName: 'Maria', lastName: 'Lopez', email: 'maria@example.com' }),
  },
  'creates.update_contact': {
    variant: 'fields and a custom field',
    requests: 2,
    input: () => ({ contactId: grace, city: 'Evanston', postalCode: '60201', customField_preferred_appointment_time: 'Evening' }),
    more: () => [{ variant: 'standard fields only', inputs: { contactId: alan, city: 'London', country: 'GB' } }],
    direct: () => ({ contactId: grace, firstName: 'Grace' }),
  },
  'creates.upsert_contact': {
    variant: 'existing email',
    requests: 2, // upsert + definitions (Grace has a custom field value)
    input: () => ({ email: 'grace@cobol.example', firstName: 'Grace', lastName: 'Hopper', companyName: 'Navy Reserve', source: 'Zapier' }),
    more: () => [
      {
        variant: 'existing email, a custom field',
        inputs: { email: 'ada@analytical.example', firstName: 'Ada', customField_preferred_appointment_time: 'Afternoon' },
      },
      { variant: 'new email, no custom fields', inputs: { email: 'noah.kim@example.com', firstName: 'Noah', lastName: 'Kim' } },
    ],
  },
  'creates.delete_contact': {
    variant: 'a contact',
    requests: 1,
    input: () => ({ contactId: alan }),
  },
  'creates.add_tags': {
    variant: '2 tags',
    requests: 1,
    input: () => ({ contactId: grace, tags: 'VIP, follow up' }),
  },
  'creates.remove_tags': {
    variant: '1 tag',
    requests: 1,
    input: () => ({ contactId: ada, tags: ['invisalign'] }),
  },
  'creates.bulk_update_tags': {
    variant: '3 contacts, one unknown',
    requests: 1,
    input: () => ({ action: 'add', contacts: [ada, `${grace}, Xq7LmN2pR8sT4vW9yZ1a`], tags: 'newsletter' }),
  },
  'creates.add_to_campaign': {
    variant: 'a campaign',
    requests: 1,
    input: () => ({ contactId: grace, campaignId: SEED.campaignId }),
  },
  'creates.remove_from_campaign': {
    variant: 'a campaign',
    requests: 1,
    input: () => ({ contactId: ada, campaignId: SEED.campaignId }),
  },
  'creates.add_to_workflow': {
    variant: 'with event start time',
    requests: 1,
    input: () => ({ contactId: grace, workflowId: SEED.workflows.welcome, eventStartTime: isoIn(1) }),
  },
  'creates.remove_from_workflow': {
    variant: 'a workflow',
    requests: 1,
    input: () => ({ contactId: grace, workflowId: SEED.workflows.welcome }),
  },
  'creates.add_followers': {
    variant: '2 users',
    requests: 1,
    input: () => ({ contactId: grace, followers: [daniel, sofia] }),
  },
  'creates.remove_followers': {
    variant: '1 user',
    requests: 1,
    input: () => ({ contactId: ada, followers: [maya] }),
  },
  'creates.api_request': {
    variant: 'GET location tags',
    requests: 1,
    input: () => ({ method: 'GET', path: '/locations/{locationId}/tags' }),
    direct: () => ({ method: 'POST', path: '/locations/{locationId}/tags', body: '{"name": "vip"}' }), // a write: never retried
  },
  'creates.create_task': {
    variant: 'a task',
    requests: 1,
    input: () => ({
      contactId: grace,
      title: 'Send new-patient forms',
      description: 'Intake forms and the insurance card upload link.',
      dueDate: isoIn(2),
      assignedTo: sofia,
    }),
  },
  'creates.update_task': {
    variant: 'new title and assignee',
    requests: 1,
    input: (c) => ({ contactId: ada, taskId: c.adaTask, title: 'Call about Invisalign financing', assignedTo: sofia }),
  },
  'creates.complete_task': {
    variant: 'an open task',
    requests: 1,
    input: (c) => ({ contactId: ada, taskId: c.adaTask }),
  },
  'creates.reopen_task': {
    variant: 'a completed task',
    requests: 1,
    input: (c) => ({ contactId: grace, taskId: c.graceDoneTask }),
  },
  'creates.delete_task': {
    variant: 'a task',
    requests: 1,
    input: (c) => ({ contactId: ada, taskId: c.adaTask }),
  },
  'creates.create_note': {
    variant: 'a note',
    requests: 1,
    input: () => ({ contactId: grace, body: 'Called back: wants a Saturday appointment.', userId: maya }),
  },
  'creates.update_note': {
    variant: 'new text',
    requests: 1,
    input: (c) => ({ contactId: ada, noteId: c.adaNote, body: 'Prefers early morning appointments; allergic to latex and penicillin.' }),
  },
  'creates.delete_note': {
    variant: 'a note',
    requests: 1,
    input: (c) => ({ contactId: ada, noteId: c.adaNote }),
  },
  'creates.create_appointment': {
    variant: 'start only, no assignee',
    requests: 2, // no Assigned User: reads the calendar's team (the connected user, Maya, is on it)
    input: () => ({
      calendarId: SEED.calendars.cleaning,
      contactId: grace,
      startTime: chicago(4, 9),
      title: 'Teeth Cleaning - Grace Hopper',
      meetingLocationType: 'address',
      address: '1200 W Lake St, Chicago',
    }),
    more: (ids) => [
      {
        variant: 'start + duration, an assignee',
        inputs: {
          calendarId: calendars.cleaning,
          contactId: grace,
          startTime: at(ids, 3, 16),
          duration: 60,
          title: 'Teeth Cleaning - Grace Hopper',
          assignedUserId: maya,
        },
      },
    ],
    // with an Assigned User, Create writes at once (without one it reads the calendar's team first)
    direct: (ids) => ({ calendarId: calendars.cleaning, contactId: grace, startTime: at(ids, 3, 16), duration: 60, assignedUserId: maya }),
  },
  'creates.update_appointment': {
    variant: 'new start only, keeps the length',
    requests: 2, // reads the current times (to keep the length) and assignee
    input: (c) => ({ contactId: ada, appointmentId: c.adaAppointment, startTime: chicago(2, 14) }),
    more: (ids) => [{ variant: 'status only', inputs: { appointmentId: ids.adaAppointment, appointmentStatus: 'showed' } }],
    // with an Assigned User and a status only, Update writes at once (otherwise it reads the appointment first)
    direct: (ids) => ({ appointmentId: ids.adaAppointment, title: 'Consultation (moved)', assignedUserId: daniel }),
  },
  'creates.cancel_appointment': {
    variant: 'an appointment',
    requests: 2, // reads the appointment to keep its assignee (HighLevel refuses an edit without one)
    input: (c) => ({ contactId: ada, appointmentId: c.adaAppointment }),
  },
  'creates.delete_appointment': {
    variant: 'an appointment',
    requests: 1,
    input: (c) => ({ contactId: ada, appointmentId: c.adaAppointment }),
  },
  // ---- searches
  'searches.find_contact': {
    variant: 'by email',
    requests: 2,
    input: () => ({ email: 'Grace@Cobol.example' }),
    more: () => [
      { variant: 'by id', inputs: { contactId: ada } },
      { variant: 'by phone', inputs: { phone: '+1 312 555 0192' } },
      { variant: 'by full name', inputs: { name: 'Alan Turing' } },
      {
        variant: 'nobody matches any of 4 criteria',
        inputs: { contactId: 'Ct9Nobody00000000009', email: 'nobody@example.com', phone: '+13125550000', name: 'No Body' },
      },
    ],
  },
  'searches.get_contact': {
    variant: 'a contact with custom fields',
    requests: 2,
    input: () => ({ contactId: ada }),
    more: () => [{ variant: 'unknown id', inputs: { contactId: 'Ct9Nobody00000000009' } }],
  },
  'searches.find_contacts_by_business': {
    variant: 'a business',
    requests: 2,
    input: () => ({ business: SEED.businessId }),
  },
  'searches.find_task': {
    variant: 'by title',
    requests: 1,
    input: () => ({ contactId: ada, title: '  call about invisalign QUOTE ', status: 'open' }),
  },
  'searches.get_task': {
    variant: 'a task',
    requests: 1,
    input: (c) => ({ contactId: grace, taskId: c.graceDoneTask }),
  },
  'searches.find_note': {
    variant: 'by text',
    requests: 1,
    input: () => ({ contactId: ada, query: 'LATEX' }),
  },
  'searches.get_note': {
    variant: 'a note',
    requests: 1,
    input: (c) => ({ contactId: ada, noteId: c.adaNote }),
  },
  'searches.find_appointments': {
    variant: 'upcoming',
    requests: 1,
    input: () => ({ contactId: ada, when: 'upcoming', calendarId: SEED.calendars.consultation }),
  },
  'searches.get_appointment': {
    variant: 'an appointment',
    requests: 1,
    input: (c) => ({ appointmentId: c.adaAppointment }),
  },
  'searches.find_free_slots': {
    variant: 'one team member, 7 days',
    requests: 2, // the free slots + the calendar's slot length (cold cache)
    input: () => ({ calendarId: SEED.calendars.consultation, userId: daniel, days: 7 }),
    more: () => [
      { variant: 'next 7 days, any team member', inputs: { calendarId: calendars.consultation } },
      { variant: 'one team member, 31 days', inputs: { calendarId: calendars.consultation, userId: daniel, days: 31 } },
    ],
  },
};

type Group = 'triggers' | 'creates' | 'searches';

/** The case of `group.key`, or a failure that says where to add it. */
export function caseOf(group: Group, key: string): Case {
  const c = CASES[`${group}.${key}`];
  if (!c) throw new Error(`no case for ${group}.${key}: add its row to CASES in sandbox/cases.ts`);
  return c;
}

/** Every run of every operation for the benchmarks: the typical one first, then `more`. */
export const RUNS: Record<Group, Record<string, (ids: Ids) => Run[]>> = { triggers: {}, creates: {}, searches: {} };
for (const [name, c] of Object.entries(CASES)) {
  const [group, key] = name.split('.') as [Group, string];
  if (c.agency || c.hook) continue; // the benchmarks run on a sub-account connection and call perform without a webhook delivery
  RUNS[group][key] = (ids) => [{ variant: c.variant, inputs: c.input(ids), ...(c.meta ? { meta: c.meta } : {}) }, ...(c.more?.(ids) ?? [])];
}

export interface SearchOrCreateRun {
  variant: string;
  search: Record<string, unknown>;
  create: Record<string, unknown>;
  /** when set, the found record is updated with these inputs (plus the found id) */
  update?: Record<string, unknown>;
}

export const SEARCH_OR_CREATE_RUNS: Record<string, (ids: Ids) => SearchOrCreateRun[]> = {
  find_contact: () => [
    { variant: 'found', search: { email: 'grace@cobol.example' }, create: { email: 'grace@cobol.example', firstName: 'Grace' } },
    { variant: 'found, then updated', search: { email: 'grace@cobol.example' }, create: {}, update: { city: 'Arlington' } },
    {
      variant: 'not found, created',
      search: { email: 'liam.ng@example.com' },
      create: { email: 'liam.ng@example.com', firstName: 'Liam', lastName: 'Ng', source: 'Zapier' },
    },
  ],
  find_task: (ids) => [
    {
      variant: 'found',
      search: { contactId: ada, title: 'Call about Invisalign quote' },
      create: { contactId: ada, title: 'Call about Invisalign quote', dueDate: new Date(ids.now + 2 * DAY).toISOString() },
    },
    {
      variant: 'not found, created',
      search: { contactId: ada, title: 'Book a follow-up cleaning' },
      create: { contactId: ada, title: 'Book a follow-up cleaning', dueDate: new Date(ids.now + 7 * DAY).toISOString() },
    },
  ],
};
