// Appointment searches: Find Appointments for Contact (contacts API, non-ISO times) and Get Appointment (calendars API).
import { afterEach, describe, expect, it } from '@jest/globals';
import { LOCATION_ID, bundle, failure, ghlApi, ghlError, run } from './helpers.js';
import { clock } from '../lib/dates.js';

const CALENDAR = 'BqTwX8QFwXzpegMve9EQ';
const OTHER_CALENDAR = 'CVokAlI8fgw4WYWoCtQz';
const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const APPOINTMENT = '0TkCdp9PfvLeWKYRRvIz';
const STAFF = 'YlWd2wuCAZQzh2cH1fVZ';
const CONTACT_APPOINTMENTS = `/contacts/${CONTACT}/appointments`;

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});
const NOW = Date.parse('2026-11-22T12:00:00Z');

const details = async (promise: Promise<unknown>) => {
  const error = await failure(promise);
  try {
    return { name: error.name, ...JSON.parse(error.message) };
  } catch {
    return { name: error.name, message: error.message };
  }
};

/** `GetEventSchema` as GET /contacts/{id}/appointments returns it: times like "2021-07-16 11:00:00". */
const contactEvent = (id: string, start: string, over: Record<string, unknown> = {}) => ({
  id,
  calendarId: CALENDAR,
  status: 'booked',
  title: `Appointment ${id}`,
  assignedUserId: STAFF,
  notes: 'Bring the signed quote',
  startTime: start,
  endTime: start.replace(/ (\d{2}):00:00$/, (_m, h) => ` ${h}:30:00`),
  address: 'Main office',
  locationId: LOCATION_ID,
  contactId: CONTACT,
  groupId: 'ocQHyuzHvysMo5N5VsXc',
  appointmentStatus: 'confirmed',
  users: [STAFF],
  dateAdded: '2026-11-01 09:15:00',
  dateUpdated: '2026-11-02 10:00:00',
  ...over,
});

describe('find_appointments', () => {
  const events = [
    contactEvent('past1', '2026-11-20 10:00:00'),
    contactEvent('soon', '2026-11-25 15:00:00'),
    contactEvent('later', '2026-12-10 09:00:00'),
    contactEvent('past2', '2026-10-01 08:00:00', { appointmentStatus: 'showed' }),
    contactEvent('otherCal', '2026-11-23 09:00:00', { calendarId: OTHER_CALENDAR }),
  ];

  it('returns upcoming appointments, next one first, with ISO 8601 times (one request, contacts Version)', async () => {
    clock.now = () => NOW;
    const scope = ghlApi().get(CONTACT_APPOINTMENTS).reply(200, { events });
    const found = await run('searches', 'find_appointments', bundle({ contactId: CONTACT }));
    expect(scope.isDone()).toBe(true);
    expect(found.map((a: any) => a.id)).toEqual(['otherCal', 'soon', 'later']);
    expect(found[1]).toEqual({
      ...contactEvent('soon', '2026-11-25 15:00:00'),
      startTime: '2026-11-25T15:00:00.000Z',
      endTime: '2026-11-25T15:30:00.000Z',
      dateAdded: '2026-11-01T09:15:00.000Z',
      dateUpdated: '2026-11-02T10:00:00.000Z',
    });
  });

  it('filters by calendar and status, and lists past ones most recent first', async () => {
    clock.now = () => NOW;
    ghlApi().get(CONTACT_APPOINTMENTS).reply(200, { events });
    const past = await run('searches', 'find_appointments', bundle({ contactId: CONTACT, when: 'past', calendarId: CALENDAR }));
    expect(past.map((a: any) => a.id)).toEqual(['past1', 'past2']);

    ghlApi().get(CONTACT_APPOINTMENTS).reply(200, { events });
    const showed = await run('searches', 'find_appointments', bundle({ contactId: CONTACT, when: 'any', appointmentStatus: 'showed' }));
    expect(showed.map((a: any) => a.id)).toEqual(['past2']);

    ghlApi().get(CONTACT_APPOINTMENTS).reply(200, { events });
    const any = await run('searches', 'find_appointments', bundle({ contactId: CONTACT, when: 'any' }));
    expect(any.map((a: any) => a.id)).toEqual(['later', 'soon', 'otherCal', 'past1', 'past2']);
  });

  it('returns [] when the contact has no matching appointment', async () => {
    clock.now = () => NOW;
    ghlApi()
      .get(CONTACT_APPOINTMENTS)
      .reply(200, { events: [contactEvent('past1', '2026-11-20 10:00:00')] });
    expect(await run('searches', 'find_appointments', bundle({ contactId: CONTACT }))).toEqual([]);
    ghlApi().get(CONTACT_APPOINTMENTS).reply(200, {});
    expect(await run('searches', 'find_appointments', bundle({ contactId: CONTACT, when: 'any' }))).toEqual([]);
  });

  it('keeps ISO times as they are (normalized to UTC)', async () => {
    clock.now = () => NOW;
    ghlApi()
      .get(CONTACT_APPOINTMENTS)
      .reply(200, { events: [contactEvent('iso', '2026-12-01T14:00:00-05:00', { endTime: '2026-12-01T14:30:00-05:00' })] });
    const [found] = await run('searches', 'find_appointments', bundle({ contactId: CONTACT }));
    expect(found.startTime).toBe('2026-12-01T19:00:00.000Z');
    expect(found.endTime).toBe('2026-12-01T19:30:00.000Z');
  });

  it('refuses an unknown "Which Appointments" value before any request', async () => {
    const error = await details(run('searches', 'find_appointments', bundle({ contactId: CONTACT, when: 'tomorrow' })));
    expect(error.message).toMatch(/"Which Appointments" field must be Upcoming, Past or Any/);
  });

  it('names an unknown contact (HighLevel answers 400, not 404)', async () => {
    ghlApi()
      .get(CONTACT_APPOINTMENTS)
      .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`));
    const error = await details(run('searches', 'find_appointments', bundle({ contactId: CONTACT })));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/HighLevel has no contact with ID "sx6wyHhbFdRXh302LLNR"/);
  });

  it('asks for a reconnect on a scope error', async () => {
    ghlApi().get(CONTACT_APPOINTMENTS).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    expect((await failure(run('searches', 'find_appointments', bundle({ contactId: CONTACT })))).name).toBe('ExpiredAuthError');
  });
});

describe('get_appointment', () => {
  const GET = `/calendars/events/appointments/${APPOINTMENT}`;
  const event = {
    id: APPOINTMENT,
    title: 'Consultation with Maria Lopez',
    calendarId: CALENDAR,
    locationId: LOCATION_ID,
    contactId: CONTACT,
    groupId: 'ocQHyuzHvysMo5N5VsXc',
    appointmentStatus: 'confirmed',
    assignedUserId: STAFF,
    users: [STAFF],
    address: 'https://zoom.us/j/98765432100',
    notes: 'Wants a quote for 12 seats.',
    isRecurring: false,
    startTime: '2026-12-01T14:00:00-05:00',
    endTime: '2026-12-01T14:30:00-05:00',
    dateAdded: '2026-11-20T10:04:05-05:00',
    dateUpdated: '2026-11-21T08:00:00-05:00',
  };

  it('returns the event from { event }, times ISO 8601 UTC', async () => {
    const scope = ghlApi().get(GET).reply(200, { event });
    const found = await run('searches', 'get_appointment', bundle({ appointmentId: APPOINTMENT }));
    expect(scope.isDone()).toBe(true);
    expect(found).toEqual([
      {
        ...event,
        startTime: '2026-12-01T19:00:00.000Z',
        endTime: '2026-12-01T19:30:00.000Z',
        dateAdded: '2026-11-20T15:04:05.000Z',
        dateUpdated: '2026-11-21T13:00:00.000Z',
      },
    ]);
  });

  it.each([
    ['404', 404, 'Not Found'],
    ['400 "not found"', 400, 'Appointment not found'],
  ])('returns [] when HighLevel has no such appointment (%s)', async (_what, status, message) => {
    ghlApi().get(GET).reply(status, ghlError(status, message));
    expect(await run('searches', 'get_appointment', bundle({ appointmentId: APPOINTMENT }))).toEqual([]);
  });

  it('fails on other errors instead of reporting "not found"', async () => {
    ghlApi()
      .get(GET)
      .reply(422, ghlError(422, ['eventId must be a string']));
    const error = await details(run('searches', 'get_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/eventId must be a string/);
  });

  it('asks for a reconnect when the calendars/events.readonly scope is missing', async () => {
    ghlApi().get(GET).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('searches', 'get_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(error.name).toBe('ExpiredAuthError');
  });

  it('refreshes on an expired token', async () => {
    ghlApi().get(GET).reply(401, ghlError(401, 'Invalid JWT'));
    expect((await failure(run('searches', 'get_appointment', bundle({ appointmentId: APPOINTMENT })))).name).toBe('RefreshAuthError');
  });
});
