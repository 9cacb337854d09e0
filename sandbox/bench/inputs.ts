/**
 * Realistic inputs for every operation of the app, against the sandbox's seed data (sandbox/seed.ts): what a user
 * would fill in or map in a Zap step. One place, used by every benchmark section. The first run of each operation
 * is its typical use; further runs are the variants whose request count differs (custom fields written, a field
 * watched, "not found", …).
 *
 * Ids that the seed generates (tasks, notes, appointments) are looked up in the store after each reset; the fixed
 * ones come from SEED.
 */
import { SEED } from '../seed.ts';
import type { Store } from '../store.ts';
import type { ScenarioName } from './scenarios.ts';

export interface Ids {
  ada: string;
  grace: string;
  alan: string;
  /** Ada's open task "Call about Invisalign quote" */
  adaTask: string;
  /** Grace's completed task */
  graceDoneTask: string;
  /** Ada's note */
  adaNote: string;
  /** Ada's upcoming appointment (Initial Consultation) */
  appointment: string;
  /** the sandbox clock, ms */
  now: number;
}

export function idsOf(store: Store): Ids {
  const loc = store.primary;
  const tasks = [...loc.tasks.values()];
  const find = <T>(items: T[], pred: (t: T) => boolean, what: string): T => {
    const item = items.find(pred);
    if (!item) throw new Error(`bench inputs: the sandbox seed has no ${what}`);
    return item;
  };
  return {
    ada: SEED.contacts.ada,
    grace: SEED.contacts.grace,
    alan: SEED.contacts.alan,
    adaTask: find(tasks, (t) => t.contactId === SEED.contacts.ada && !t.completed, 'open task of Ada').id,
    graceDoneTask: find(tasks, (t) => t.contactId === SEED.contacts.grace && t.completed, 'completed task of Grace').id,
    adaNote: find([...loc.notes.values()], (n) => n.contactId === SEED.contacts.ada, 'note of Ada').id,
    appointment: find([...loc.appointments.values()], (a) => a.contactId === SEED.contacts.ada, 'appointment of Ada').id,
    now: store.now(),
  };
}

/** One step of a run: an operation with its inputData (and bundle.meta additions). */
export interface Step {
  group: 'triggers' | 'creates' | 'searches';
  key: string;
  inputs: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export interface Run {
  /** what this run shows, e.g. "by email" */
  variant: string;
  inputs: Record<string, unknown>;
  meta?: Record<string, unknown>;
  /** A change made to the sandbox first (after its reset), by name (scenarios.ts), e.g. contacts updated in the last hour. */
  prepare?: [ScenarioName, ...unknown[]];
}

const DAY = 86_400_000;
/** An ISO time `days` from the sandbox clock at `hourUtc`:00 UTC. */
const at = (ids: Ids, days: number, hourUtc: number) => {
  const d = new Date(ids.now + days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
};

const { users, calendars, campaignId, workflows, businessId } = SEED;

export const RUNS: Record<'triggers' | 'creates' | 'searches', Record<string, (ids: Ids) => Run[]>> = {
  triggers: {
    // --- visible
    new_contact: () => [{ variant: 'poll', inputs: {} }],
    updated_contact: () => [
      { variant: 'poll, no field watched', inputs: {} },
      { variant: 'watching Email', inputs: { watchField: 'email' } },
      { variant: 'watching a custom field', inputs: { watchField: 'number_of_visits' } },
    ],
    tag_added: () => [{ variant: 'tag "vip"', inputs: { tag: 'vip' } }],
    new_task: () => [
      { variant: 'all open tasks', inputs: {} },
      { variant: 'one user', inputs: { assignedTo: [users.daniel] } },
    ],
    task_completed: () => [{ variant: 'all completed tasks', inputs: {} }],
    new_note: (ids) => [
      { variant: 'one contact', inputs: { contactId: ids.ada } },
      { variant: 'no contact, none updated in the last hour', inputs: {} },
      { variant: 'no contact, 25 contacts updated in the last hour', inputs: {}, prepare: ['touchRecent', 25] },
    ],
    new_appointment: () => [
      { variant: 'a calendar', inputs: { calendarId: calendars.consultation } },
      { variant: 'a user', inputs: { userId: users.daniel } },
    ],
    appointment_updated: () => [{ variant: 'a calendar', inputs: { calendarId: calendars.consultation } }],
    // --- hidden (dropdowns)
    user_list: () => [{ variant: 'first page', inputs: {} }],
    contact_list: () => [{ variant: 'first page', inputs: {} }],
    custom_field_list: () => [{ variant: 'watch-field choices', inputs: {} }],
    tag_list: () => [{ variant: 'all tags', inputs: {} }],
    campaign_list: () => [{ variant: 'all campaigns', inputs: {} }],
    workflow_list: () => [{ variant: 'all workflows', inputs: {} }],
    task_list: (ids) => [{ variant: "a contact's tasks", inputs: { contactId: ids.ada } }],
    note_list: (ids) => [{ variant: "a contact's notes", inputs: { contactId: ids.ada } }],
    calendar_list: () => [{ variant: 'all calendars', inputs: {} }],
    timezone_list: () => [{ variant: 'all timezones', inputs: {} }],
    country_list: () => [{ variant: 'all countries', inputs: {} }],
    appointment_list: (ids) => [
      { variant: "a contact's appointments", inputs: { contactId: ids.ada } },
      { variant: "the connected user's appointments", inputs: {} },
    ],
  },
  creates: {
    create_contact: () => [
      {
        variant: 'with 2 custom fields',
        inputs: {
          firstName: 'Maria',
          lastName: 'Lopez',
          email: 'maria.lopez@example.com',
          phone: '+1 312 555 0177',
          source: 'Zapier',
          tags: ['new lead'],
          assignedTo: users.sofia,
          customField_insurance_provider: 'Delta Dental',
          customField_number_of_visits: '1',
        },
      },
      { variant: 'no custom fields', inputs: { firstName: 'Tom', lastName: 'Baker', email: 'tom.baker@example.com' } },
    ],
    update_contact: (ids) => [
      { variant: 'a field and a custom field', inputs: { contactId: ids.grace, city: 'Evanston', customField_number_of_visits: '3' } },
      { variant: 'standard fields only', inputs: { contactId: ids.alan, city: 'London', country: 'GB' } },
    ],
    upsert_contact: () => [
      {
        variant: 'existing email, a custom field',
        inputs: { email: 'ada@analytical.example', firstName: 'Ada', customField_preferred_appointment_time: 'Afternoon' },
      },
      { variant: 'new email, no custom fields', inputs: { email: 'noah.kim@example.com', firstName: 'Noah', lastName: 'Kim' } },
    ],
    delete_contact: (ids) => [{ variant: 'a contact', inputs: { contactId: ids.alan } }],
    add_tags: (ids) => [{ variant: '2 tags', inputs: { contactId: ids.grace, tags: ['vip', 'follow up'] } }],
    remove_tags: (ids) => [{ variant: '1 tag', inputs: { contactId: ids.ada, tags: ['invisalign'] } }],
    bulk_update_tags: (ids) => [
      { variant: '3 contacts', inputs: { action: 'add', contacts: [ids.ada, ids.grace, ids.alan], tags: ['newsletter'] } },
    ],
    add_to_campaign: (ids) => [{ variant: 'a campaign', inputs: { contactId: ids.grace, campaignId } }],
    remove_from_campaign: (ids) => [{ variant: 'a campaign', inputs: { contactId: ids.ada, campaignId } }],
    add_to_workflow: (ids) => [
      { variant: 'with event start time', inputs: { contactId: ids.grace, workflowId: workflows.welcome, eventStartTime: at(ids, 3, 15) } },
    ],
    remove_from_workflow: (ids) => [{ variant: 'a workflow', inputs: { contactId: ids.ada, workflowId: workflows.welcome } }],
    add_followers: (ids) => [{ variant: '2 users', inputs: { contactId: ids.grace, followers: [users.daniel, users.sofia] } }],
    remove_followers: (ids) => [{ variant: '1 user', inputs: { contactId: ids.ada, followers: [users.maya] } }],
    api_request: () => [{ variant: 'GET location tags', inputs: { method: 'GET', path: '/locations/{locationId}/tags' } }],
    create_task: (ids) => [
      {
        variant: 'a task',
        inputs: {
          contactId: ids.ada,
          title: 'Send the Invisalign financing options',
          description: 'She asked about 12-month plans.',
          dueDate: at(ids, 2, 15),
          assignedTo: users.daniel,
        },
      },
    ],
    update_task: (ids) => [
      {
        variant: 'new title and due date',
        inputs: { contactId: ids.ada, taskId: ids.adaTask, title: 'Call about Invisalign financing', dueDate: at(ids, 4, 16) },
      },
    ],
    complete_task: (ids) => [{ variant: 'an open task', inputs: { contactId: ids.ada, taskId: ids.adaTask } }],
    reopen_task: (ids) => [{ variant: 'a completed task', inputs: { contactId: ids.grace, taskId: ids.graceDoneTask } }],
    delete_task: (ids) => [{ variant: 'a task', inputs: { contactId: ids.ada, taskId: ids.adaTask } }],
    create_note: (ids) => [
      {
        variant: 'a note',
        inputs: { contactId: ids.ada, body: 'Called back: she wants the 12-month plan.', title: 'Call summary', userId: users.maya },
      },
    ],
    update_note: (ids) => [
      {
        variant: 'new text',
        inputs: { contactId: ids.ada, noteId: ids.adaNote, body: 'Prefers early morning appointments; allergic to latex and ibuprofen.' },
      },
    ],
    delete_note: (ids) => [{ variant: 'a note', inputs: { contactId: ids.ada, noteId: ids.adaNote } }],
    create_appointment: (ids) => [
      {
        variant: 'start + duration',
        inputs: {
          calendarId: calendars.cleaning,
          contactId: ids.grace,
          startTime: at(ids, 3, 16),
          duration: 60,
          title: 'Teeth Cleaning - Grace Hopper',
          assignedUserId: users.maya,
        },
      },
    ],
    update_appointment: (ids) => [
      { variant: 'status only', inputs: { appointmentId: ids.appointment, appointmentStatus: 'showed' } },
      { variant: 'new start only, keeps the length', inputs: { appointmentId: ids.appointment, startTime: at(ids, 5, 17) } },
    ],
    cancel_appointment: (ids) => [{ variant: 'an appointment', inputs: { contactId: ids.ada, appointmentId: ids.appointment } }],
    delete_appointment: (ids) => [{ variant: 'an appointment', inputs: { contactId: ids.ada, appointmentId: ids.appointment } }],
  },
  searches: {
    find_contact: (ids) => [
      { variant: 'by email', inputs: { email: 'grace@cobol.example' } },
      { variant: 'by id', inputs: { contactId: ids.ada } },
      { variant: 'by phone', inputs: { phone: '+1 312 555 0192' } },
      { variant: 'by full name', inputs: { name: 'Alan Turing' } },
      {
        variant: 'nobody matches any of 4 criteria',
        inputs: { contactId: 'Ct9Nobody00000000009', email: 'nobody@example.com', phone: '+13125550000', name: 'No Body' },
      },
    ],
    get_contact: (ids) => [
      { variant: 'a contact with custom fields', inputs: { contactId: ids.ada } },
      { variant: 'unknown id', inputs: { contactId: 'Ct9Nobody00000000009' } },
    ],
    find_contacts_by_business: () => [{ variant: 'a business', inputs: { business: businessId } }],
    find_task: (ids) => [{ variant: 'by title', inputs: { contactId: ids.ada, title: 'Call about Invisalign quote' } }],
    get_task: (ids) => [{ variant: 'a task', inputs: { contactId: ids.ada, taskId: ids.adaTask } }],
    find_note: (ids) => [{ variant: 'by text', inputs: { contactId: ids.ada, query: 'latex' } }],
    get_note: (ids) => [{ variant: 'a note', inputs: { contactId: ids.ada, noteId: ids.adaNote } }],
    find_appointments: (ids) => [{ variant: 'upcoming', inputs: { contactId: ids.ada, when: 'upcoming' } }],
    get_appointment: (ids) => [{ variant: 'an appointment', inputs: { contactId: ids.ada, appointmentId: ids.appointment } }],
    find_free_slots: () => [
      { variant: 'next 7 days, any team member', inputs: { calendarId: calendars.consultation } },
      { variant: 'one team member, 31 days', inputs: { calendarId: calendars.consultation, userId: users.daniel, days: 31 } },
    ],
  },
};

/**
 * Search-or-create steps as Zapier runs them: the search, then — when it finds nothing — the create (or, when
 * the Zap asks to update the found record, the update with the found id).
 */
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
      search: { contactId: ids.ada, title: 'Call about Invisalign quote' },
      create: { contactId: ids.ada, title: 'Call about Invisalign quote', dueDate: new Date(ids.now + 2 * DAY).toISOString() },
    },
    {
      variant: 'not found, created',
      search: { contactId: ids.ada, title: 'Book a follow-up cleaning' },
      create: { contactId: ids.ada, title: 'Book a follow-up cleaning', dueDate: new Date(ids.now + 7 * DAY).toISOString() },
    },
  ],
};
