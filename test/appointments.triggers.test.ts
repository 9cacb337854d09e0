// Appointment triggers (New Appointment, Appointment Updated) and the dropdowns (calendar_list, appointment_list).
import { afterEach, describe, expect, it } from '@jest/globals';
import { App, LOCATION_ID, USER_ID, bundle, failure, ghlApi, ghlError, run } from './helpers.js';
import { DAY, WINDOW } from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';

const CALENDAR = 'BqTwX8QFwXzpegMve9EQ';
const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const STAFF = 'YlWd2wuCAZQzh2cH1fVZ';
const EVENTS = '/calendars/events';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});
const at = (daysFromNow: number, hours = 0) => new Date(NOW + daysFromNow * DAY + hours * 3_600_000).toISOString();

/** The window every poll asks for: starts from 30 days ago to 365 days ahead, epoch ms as strings. */
const WINDOW_QUERY = { startTime: String(NOW - 30 * DAY), endTime: String(NOW + 365 * DAY) };
/** GET /calendars/events answering these events; `query` is the exact query string asked, or true for any. */
const answerEvents = (query: Record<string, string> | true, events: unknown[]) => ghlApi().get(EVENTS).query(query).reply(200, { events });

const details = async (promise: Promise<unknown>) => {
  const error = await failure(promise);
  try {
    return { name: error.name, ...JSON.parse(error.message) };
  } catch {
    return { name: error.name, message: error.message };
  }
};

/** `CalendarEventDTO` as GET /calendars/events returns it. */
const event = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  title: `Appointment ${id}`,
  calendarId: CALENDAR,
  locationId: LOCATION_ID,
  contactId: CONTACT,
  groupId: 'ocQHyuzHvysMo5N5VsXc',
  appointmentStatus: 'confirmed',
  assignedUserId: STAFF,
  users: [STAFF],
  notes: '',
  address: 'Main office',
  startTime: at(7),
  endTime: at(7, 1),
  dateAdded: at(-1),
  dateUpdated: at(-1),
  ...over,
});

describe('new_appointment', () => {
  it('polls one calendar with the start-time window (30 days back, 365 ahead) in one request, newest booking first', async () => {
    clock.now = () => NOW;
    expect(WINDOW).toEqual({ pastDays: 30, futureDays: 365, recentDays: 30 });
    const scope = answerEvents({ locationId: LOCATION_ID, calendarId: CALENDAR, ...WINDOW_QUERY }, [
      event('a', { dateAdded: at(-3) }),
      event('b', { dateAdded: at(-0.1), startTime: at(200) }), // booked far ahead
      event('c', { dateAdded: at(-2), startTime: at(-20) }), // booked in the past
      event('old', { dateAdded: at(-400), startTime: at(364) }), // booked long ago, just slid into the window
    ]);
    const items = await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR }));
    expect(scope.isDone()).toBe(true);
    expect(items.map((e: any) => e.id)).toEqual(['b', 'c', 'a']);
    expect(items[0]).toMatchObject({ id: 'b', calendarId: CALENDAR, contactId: CONTACT, startTime: at(200) });
  });

  it('polls a user when no calendar is chosen', async () => {
    clock.now = () => NOW;
    const scope = answerEvents({ locationId: LOCATION_ID, userId: STAFF, ...WINDOW_QUERY }, [event('a')]);
    expect((await run('triggers', 'new_appointment', bundle({ userId: STAFF }))).map((e: any) => e.id)).toEqual(['a']);
    expect(scope.isDone()).toBe(true);
  });

  it("with calendar and user: asks for the calendar and keeps that user's appointments", async () => {
    clock.now = () => NOW;
    answerEvents({ locationId: LOCATION_ID, calendarId: CALENDAR, ...WINDOW_QUERY }, [
      event('mine'),
      event('theirs', { assignedUserId: USER_ID, users: [USER_ID] }),
      event('shared', { assignedUserId: USER_ID, users: [USER_ID, STAFF] }),
    ]);
    const items = await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR, userId: STAFF }));
    expect(items.map((e: any) => e.id).sort()).toEqual(['mine', 'shared']);
  });

  it('refuses to poll without a calendar or user (no request)', async () => {
    const error = await details(run('triggers', 'new_appointment', bundle({})));
    expect(error.message).toMatch(/"Calendar" field or the User field must be filled in/);
  });

  it('fires once per recurring series, with the series id', async () => {
    clock.now = () => NOW;
    answerEvents(true, [
      event('S1_1796000000000_1800', { masterEventId: 'S1', isRecurring: true, startTime: at(14) }),
      event('S1_1795000000000_1800', { masterEventId: 'S1', isRecurring: true, startTime: at(7) }),
      event('single'),
    ]);
    const items = await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR }));
    expect(items.map((e: any) => e.id).sort()).toEqual(['S1', 'single']);
    expect(items.find((e: any) => e.id === 'S1')).toMatchObject({ firstOccurrenceId: 'S1_1795000000000_1800', startTime: at(7) });
  });

  it('gives the editor at most 3 samples, older bookings when nothing was booked lately', async () => {
    clock.now = () => NOW;
    const many = Array.from({ length: 6 }, (_, i) => event(`e${i}`, { dateAdded: at(-i - 1) }));
    answerEvents(true, many);
    expect(
      (await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR }, { isLoadingSample: true }))).map((e: any) => e.id),
    ).toEqual(['e0', 'e1', 'e2']);

    answerEvents(true, [event('old1', { dateAdded: at(-90) }), event('old2', { dateAdded: at(-60) })]);
    expect(
      (await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR }, { isLoadingSample: true }))).map((e: any) => e.id),
    ).toEqual(['old2', 'old1']);
    answerEvents(true, [event('old1', { dateAdded: at(-90) })]);
    expect(await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR }))).toEqual([]);
  });

  it('returns everything recent when Zapier seeds its dedupe list', async () => {
    clock.now = () => NOW;
    const many = Array.from({ length: 150 }, (_, i) => event(`e${i}`, { dateAdded: at(-(i % 29) - 0.5) }));
    answerEvents(true, many);
    expect(await run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR }, { isPopulatingDedupe: true }))).toHaveLength(150);
  });

  it('asks for a reconnect when the calendars/events.readonly scope is missing', async () => {
    ghlApi().get(EVENTS).query(true).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    expect((await failure(run('triggers', 'new_appointment', bundle({ calendarId: CALENDAR })))).name).toBe('ExpiredAuthError');
  });

  it('explains a 422 from the events endpoint', async () => {
    ghlApi()
      .get(EVENTS)
      .query(true)
      .reply(422, ghlError(422, ['calendarId must be a valid id']));
    const error = await details(run('triggers', 'new_appointment', bundle({ calendarId: 'nope' })));
    expect(error.message).toMatch(/calendarId must be a valid id/);
  });
});

describe('appointment_updated', () => {
  it('fires for changed appointments only, newest change first, dedupe key id + dateUpdated + status', async () => {
    clock.now = () => NOW;
    answerEvents({ locationId: LOCATION_ID, calendarId: CALENDAR, ...WINDOW_QUERY }, [
      event('new-only', { dateAdded: at(-0.2), dateUpdated: at(-0.2) }), // never changed: New Appointment's job
      event('resched', { dateAdded: at(-5), dateUpdated: at(-0.5), startTime: at(3) }),
      event('showed', { dateAdded: at(-9), dateUpdated: at(-0.1), appointmentStatus: 'showed', startTime: at(-1) }),
      event('stale', { dateAdded: at(-400), dateUpdated: at(-200), startTime: at(364) }), // slid into the window
    ]);
    const items = await run('triggers', 'appointment_updated', bundle({ calendarId: CALENDAR }));
    expect(items.map((e: any) => e.id)).toEqual(['showed', 'resched']);

    const op = (App as any).triggers.appointment_updated.operation;
    const primary = op.outputFields.filter((f: any) => f.primary).map((f: any) => f.key);
    expect(primary.sort()).toEqual(['appointmentStatus', 'dateUpdated', 'id']);
    // The same appointment changing again (or only its status) gives a new dedupe key; `id` stays the real id.
    const key = (e: any) => primary.map((k: string) => e[k]).join('|');
    const again = { ...items[1], dateUpdated: at(0) };
    const statusOnly = { ...items[1], appointmentStatus: 'cancelled' };
    expect(new Set([key(items[1]), key(again), key(statusOnly)]).size).toBe(3);
    expect(again.id).toBe('resched');
  });

  it('fires once for one edit of a recurring series (like New Appointment), with the series id and the instance changed', async () => {
    clock.now = () => NOW;
    const edited = at(-0.3);
    answerEvents(true, [
      event('S1_1796000000000_1800', {
        masterEventId: 'S1',
        isRecurring: true,
        startTime: at(14),
        dateAdded: at(-9),
        dateUpdated: edited,
      }),
      event('S1_1795000000000_1800', {
        masterEventId: 'S1',
        isRecurring: true,
        startTime: at(7),
        dateAdded: at(-9),
        dateUpdated: edited,
      }),
      event('S1_1797000000000_1800', {
        masterEventId: 'S1',
        isRecurring: true,
        startTime: at(21),
        dateAdded: at(-9),
        dateUpdated: edited,
      }),
      event('single', { dateAdded: at(-5), dateUpdated: at(-0.5) }),
    ]);
    const items = await run('triggers', 'appointment_updated', bundle({ calendarId: CALENDAR }));
    expect(items.map((e: any) => e.id)).toEqual(['S1', 'single']);
    expect(items[0]).toMatchObject({ occurrenceId: 'S1_1795000000000_1800', startTime: at(7), dateUpdated: edited });
  });

  it('a later change to one instance of a series fires again, as that instance', async () => {
    clock.now = () => NOW;
    answerEvents(true, [
      event('S1_1795000000000_1800', { masterEventId: 'S1', startTime: at(7), dateAdded: at(-9), dateUpdated: at(-2) }),
      event('S1_1796000000000_1800', {
        masterEventId: 'S1',
        startTime: at(14),
        dateAdded: at(-9),
        dateUpdated: at(-0.1),
        appointmentStatus: 'cancelled',
      }),
    ]);
    const items = await run('triggers', 'appointment_updated', bundle({ calendarId: CALENDAR }));
    expect(items).toEqual([
      expect.objectContaining({ id: 'S1', occurrenceId: 'S1_1796000000000_1800', appointmentStatus: 'cancelled', dateUpdated: at(-0.1) }),
    ]);
  });

  it('filters on the status after the change', async () => {
    clock.now = () => NOW;
    answerEvents(true, [
      event('noshow', { dateAdded: at(-5), dateUpdated: at(-0.2), appointmentStatus: 'noshow' }),
      event('moved', { dateAdded: at(-5), dateUpdated: at(-0.1) }),
    ]);
    const items = await run('triggers', 'appointment_updated', bundle({ userId: STAFF, appointmentStatus: 'noshow' }));
    expect(items.map((e: any) => e.id)).toEqual(['noshow']);
  });

  it('refuses an unknown status filter before any request', async () => {
    const error = await details(run('triggers', 'appointment_updated', bundle({ calendarId: CALENDAR, appointmentStatus: 'gone' })));
    expect(error.message).toMatch(/"Only With Status" field must be one of/);
  });

  it('gives the editor at most 3 samples', async () => {
    clock.now = () => NOW;
    const many = Array.from({ length: 5 }, (_, i) => event(`u${i}`, { dateAdded: at(-10), dateUpdated: at(-i - 0.5) }));
    answerEvents(true, many);
    expect(
      (await run('triggers', 'appointment_updated', bundle({ calendarId: CALENDAR }, { isLoadingSample: true }))).map((e: any) => e.id),
    ).toEqual(['u0', 'u1', 'u2']);
  });
});

describe('calendar_list (dropdown)', () => {
  it('lists the sub-account calendars by name, marking inactive ones', async () => {
    const scope = ghlApi()
      .get('/calendars/')
      .query({ locationId: LOCATION_ID })
      .reply(200, {
        calendars: [
          { id: 'c2', name: 'Sales Calls', locationId: LOCATION_ID, isActive: true, calendarType: 'round_robin' },
          { id: 'c1', name: 'Consultations', locationId: LOCATION_ID, isActive: false, calendarType: 'personal' },
        ],
      });
    expect(await run('triggers', 'calendar_list', bundle())).toEqual([
      { id: 'c1', name: 'Consultations (inactive)' },
      { id: 'c2', name: 'Sales Calls' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('has no second page (no request)', async () => {
    expect(await run('triggers', 'calendar_list', bundle({}, { page: 1 }))).toEqual([]);
  });
});

describe('appointment_list (dropdown)', () => {
  it("lists the chosen contact's appointments, upcoming first, labelled in the Zap timezone", async () => {
    clock.now = () => NOW;
    ghlApi()
      .get(`/contacts/${CONTACT}/appointments`)
      .reply(200, {
        events: [
          { id: 'past', title: 'Intro call', startTime: '2026-11-01 15:00:00', appointmentStatus: 'showed', contactId: CONTACT },
          { id: 'next', title: 'Consultation', startTime: '2026-12-01 19:00:00', appointmentStatus: 'confirmed', contactId: CONTACT },
        ],
      });
    const items = await run('triggers', 'appointment_list', bundle({ contactId: CONTACT }, { timezone: 'America/New_York' }));
    expect(items).toEqual([
      { id: 'next', label: 'Tue, Dec 1, 2026, 2:00 PM EST · Consultation (confirmed)' },
      { id: 'past', label: 'Sun, Nov 1, 2026, 10:00 AM EST · Intro call (showed)' },
    ]);
  });

  it("without a contact, lists the connected user's appointments in the window", async () => {
    clock.now = () => NOW;
    const scope = answerEvents({ locationId: LOCATION_ID, userId: USER_ID, ...WINDOW_QUERY }, [
      event('mine', { startTime: '2026-12-01T19:00:00Z', title: 'Demo' }),
    ]);
    expect(await run('triggers', 'appointment_list', bundle({}))).toEqual([
      { id: 'mine', label: 'Tue, Dec 1, 2026, 7:00 PM UTC · Demo (confirmed)' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['creates', 'update_appointment'],
    ['creates', 'cancel_appointment'],
    ['creates', 'delete_appointment'],
    ['searches', 'get_appointment'],
  ])('%s %s: the Appointment dropdown works without a Contact (no dependsOn lock)', (group, key) => {
    const fields = (App as any)[group][key].operation.inputFields as { key: string; dependsOn?: string[]; helpText?: string }[];
    const appointment = fields.find((f) => f.key === 'appointmentId')!;
    // Zapier keeps a field disabled until every dependsOn field is filled: a Zap with only an appointment ID could not use it.
    expect(appointment.dependsOn ?? []).toEqual([]);
    expect(appointment.helpText).not.toMatch(/choose the Contact first/i);
    expect(fields.find((f) => f.key === 'contactId')).toMatchObject({ required: false, altersDynamicFields: true });
  });
});
