// The sandbox's GET /calendars/{id}/free-slots over real HTTP: slots from opening hours, slot length and booked
// appointments, HighLevel's limits (31 days, epoch ms, Version, scope, location). The clock is fixed, so the
// weekday a test runs on does not matter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SEED, startSandbox } from '../sandbox/server.js';
import type { Sandbox } from '../sandbox/server.js';

const DAY = 86_400_000;
/** Monday 2026-11-30, 07:00 in Chicago (CST, -06:00): before the practice opens. */
const MONDAY_7AM = Date.parse('2026-11-30T13:00:00Z');
const { consultation, cleaning } = SEED.calendars;
const { daniel, sofia } = SEED.users;

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.store.setClock(MONDAY_7AM);
  sandbox.store.reset();
  token = sandbox.issueToken().access_token;
});

async function slots(calendarId: string, query: Record<string, string | number>, opts: { token?: string; version?: string } = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${sandbox.url}/calendars/${calendarId}/free-slots?${qs}`, {
    headers: { Authorization: `Bearer ${opts.token ?? token}`, Version: opts.version ?? '2021-04-15', Accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as any };
}
const days = (body: Record<string, any>) => Object.keys(body).filter((k) => k !== 'traceId');
const book = (calendarId: string, userId: string, startIso: string, minutes: number, status = 'confirmed') => {
  const loc = sandbox.store.primary;
  const start = Date.parse(startIso);
  const id = sandbox.store.newId();
  loc.appointments.set(id, {
    id,
    locationId: SEED.locationId,
    calendarId,
    contactId: SEED.contacts.grace,
    title: 'Booked',
    appointmentStatus: status,
    assignedUserId: userId,
    users: [userId],
    startTime: start,
    endTime: start + minutes * 60_000,
    dateAdded: start,
    dateUpdated: start,
    createdBy: { source: 'test' },
  });
};

describe('GET /calendars/{id}/free-slots', () => {
  it("serves the opening hours in slots of the calendar's length, by day, in the location's timezone", async () => {
    const r = await slots(cleaning, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + 7 * DAY - 1 });
    expect(r.status).toBe(200);
    expect(typeof r.body.traceId).toBe('string');
    // Teeth Cleaning: Mon–Fri 08:00–17:00, 60 minutes → 9 slots a weekday, none at the weekend
    expect(days(r.body)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(r.body['2026-11-30'].slots).toHaveLength(9);
    expect(r.body['2026-11-30'].slots[0]).toBe('2026-11-30T08:00:00-06:00');
    expect(r.body['2026-11-30'].slots.at(-1)).toBe('2026-11-30T16:00:00-06:00');
    const consult = await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + 7 * DAY - 1 });
    expect(consult.body['2026-12-05'].slots).toHaveLength(8); // Saturday 09:00–13:00 in 30 minutes
    expect(consult.body['2026-11-30'].slots.slice(0, 2)).toEqual(['2026-11-30T08:00:00-06:00', '2026-11-30T08:30:00-06:00']);
  });

  it('answers in the requested timezone (days and offsets follow it)', async () => {
    // Monday's consultations run 08:00–18:00 CST: in Berlin from 15:00, the last two after midnight (Tuesday there)
    const r = await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + DAY - 1, timezone: 'Europe/Berlin' });
    expect(r.body['2026-11-30'].slots[0]).toBe('2026-11-30T15:00:00+01:00');
    expect(r.body['2026-12-01'].slots).toEqual(['2026-12-01T00:00:00+01:00', '2026-12-01T00:30:00+01:00']);
  });

  it('leaves out what is booked: a round-robin slot stays free while one team member is', async () => {
    book(consultation, daniel, '2026-11-30T08:00:00-06:00', 30);
    book(cleaning, sofia, '2026-11-30T08:00:00-06:00', 60); // Sofia is busy then too, on another calendar
    book(consultation, daniel, '2026-11-30T09:00:00-06:00', 30); // Sofia free at 09:00
    book(consultation, sofia, '2026-11-30T10:00:00-06:00', 30, 'cancelled'); // cancelled: blocks nothing
    const window = { startDate: MONDAY_7AM, endDate: MONDAY_7AM + DAY - 1 };
    const any = (await slots(consultation, window)).body['2026-11-30'].slots;
    expect(any.slice(0, 3)).toEqual(['2026-11-30T08:30:00-06:00', '2026-11-30T09:00:00-06:00', '2026-11-30T09:30:00-06:00']);
    const danielOnly = (await slots(consultation, { ...window, userId: daniel })).body['2026-11-30'].slots;
    expect(danielOnly.slice(0, 3)).toEqual(['2026-11-30T08:30:00-06:00', '2026-11-30T09:30:00-06:00', '2026-11-30T10:00:00-06:00']);
    // a user who is not on the calendar's team has no slots there
    expect(days((await slots(cleaning, { ...window, userId: daniel })).body)).toEqual([]);
  });

  it('serves only from now on, within the window asked for and the 30 days the calendar books ahead', async () => {
    sandbox.store.setClock(Date.parse('2026-11-30T14:40:00-06:00'));
    const today = (await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + DAY - 1 })).body['2026-11-30'].slots;
    expect(today[0]).toBe('2026-11-30T15:00:00-06:00');
    const noon = Date.parse('2026-12-01T12:00:00-06:00');
    const afternoon = (await slots(consultation, { startDate: noon, endDate: noon + 2 * 3_600_000 })).body;
    expect(afternoon['2026-12-01'].slots).toEqual([
      '2026-12-01T12:00:00-06:00',
      '2026-12-01T12:30:00-06:00',
      '2026-12-01T13:00:00-06:00',
      '2026-12-01T13:30:00-06:00',
      '2026-12-01T14:00:00-06:00',
    ]);
    const later = MONDAY_7AM + 40 * DAY;
    expect(days((await slots(consultation, { startDate: later, endDate: later + 5 * DAY })).body)).toEqual([]);
  });

  it('refuses what HighLevel refuses: more than 31 days, an end before the start, non-numbers, an unknown timezone', async () => {
    expect(await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + 31 * DAY })).toMatchObject({ status: 200 });
    const long = await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + 31 * DAY + 1 });
    expect(long).toMatchObject({ status: 400, body: { message: 'Date range cannot be more than 31 days' } });
    expect((await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM - 1 })).status).toBe(400);
    const text = await slots(consultation, { startDate: '2026-11-30', endDate: MONDAY_7AM });
    expect(text).toMatchObject({ status: 422, body: { message: ['startDate must be a number'] } });
    expect((await slots(consultation, { startDate: MONDAY_7AM })).body.message).toEqual(['endDate should not be empty']);
    expect((await slots(consultation, { startDate: MONDAY_7AM, endDate: MONDAY_7AM + DAY, timezone: 'Mars/Olympus' })).status).toBe(400);
  });

  it('checks the Version, the calendars.readonly scope and the location', async () => {
    const window = { startDate: MONDAY_7AM, endDate: MONDAY_7AM + DAY };
    expect((await slots(consultation, window, { version: '2021-07-28' })).status).toBe(400);
    const noScope = sandbox.issueToken({ scopes: ['calendars/events.readonly'] }).access_token;
    expect(await slots(consultation, window, { token: noScope })).toMatchObject({
      status: 401,
      body: { message: 'The token is not authorized for this scope.' },
    });
    const other = sandbox.issueToken({ locationId: SEED.otherLocationId }).access_token;
    expect((await slots(consultation, window, { token: other })).status).toBe(403);
    expect(await slots('NoSuchCalendar000001', window)).toMatchObject({ status: 400, body: { message: 'Calendar not found' } });
  });
});
