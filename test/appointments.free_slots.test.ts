// Find Free Slots: GET /calendars/{id}/free-slots (+ the calendar's slot length, cached), every request spec-checked.
import { afterEach, describe, expect, it } from '@jest/globals';
import { appTester, bundle, explain, failure, ghlApi, ghlError, perform, specProblems } from './helpers.js';
import { clock } from '../lib/dates.js';

const CALENDAR = 'Cw8Pz4LkR2nT6yHq9XsV';
const DANIEL = 'Bq7TnW2xKd9LmR4sVp1Z';
const SLOTS = `/calendars/${CALENDAR}/free-slots`;
const DAY = 86_400_000;
/** Monday 2026-11-30, 09:10 in Chicago (CST, -06:00). */
const NOW = Date.parse('2026-11-30T15:10:00Z');

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const calendar = (over: Record<string, unknown> = {}) => ({
  calendar: { id: CALENDAR, name: 'Initial Consultation', slotDuration: 30, slotDurationUnit: 'mins', ...over },
});
/** HighLevel's answer: days → slot starts, plus the traceId every answer carries. */
const answer = {
  '2026-11-30': { slots: ['2026-11-30T09:00:00-06:00', '2026-11-30T09:30:00-06:00', '2026-11-30T10:00:00-06:00'] },
  '2026-12-01': { slots: ['2026-12-01T14:00:00-06:00'] },
  traceId: '3b0a4b8e-5c1e-4f6a-9d2b-7e8f9a0b1c2d',
};

/** Runs the search with a fresh z.cache unless told to keep it. */
const find = (input: Record<string, unknown>, opts: { keepCache?: boolean; timezone?: string } = {}): Promise<any> =>
  appTester(perform('searches', 'find_free_slots'), bundle(input, { timezone: opts.timezone ?? 'America/Chicago' }), !opts.keepCache);

function slotsQuery(): { query: Record<string, string>; scope: ReturnType<typeof ghlApi> } {
  const query: Record<string, string> = {};
  const scope = ghlApi()
    .get(SLOTS)
    .query((q) => {
      Object.assign(query, q);
      return true;
    })
    .reply(200, answer);
  return { query, scope };
}

describe('find_free_slots', () => {
  it("the spec check behind every request here rejects what HighLevel's spec would: no startDate, or the contacts Version", () => {
    const query = { startDate: String(NOW), endDate: String(NOW + DAY) };
    expect(specProblems({ method: 'GET', path: SLOTS, query, headers: { version: '2021-04-15' } })).toEqual([]);
    expect(
      specProblems({ method: 'GET', path: SLOTS, query: { endDate: query.endDate }, headers: { version: '2021-04-15' } }).join('\n'),
    ).toMatch(/startDate/);
    expect(specProblems({ method: 'GET', path: SLOTS, query, headers: { version: '2021-07-28' } }).join('\n')).toMatch(/version/i);
  });

  it('asks for the window from now in the Zap timezone and returns the first free time at or after it, end from the slot length', async () => {
    clock.now = () => NOW;
    const { query, scope } = slotsQuery();
    const cal = ghlApi().get(`/calendars/${CALENDAR}`).reply(200, calendar());
    const result = await find({ calendarId: CALENDAR });
    expect(scope.isDone() && cal.isDone()).toBe(true);
    expect(query).toEqual({ startDate: String(NOW), endDate: String(NOW + 7 * DAY - 1), timezone: 'America/Chicago' });
    expect(result).toHaveLength(1);
    // 09:00 is before "now" (09:10): the first slot is 09:30, ready for Create Appointment's Start/End Time
    expect(result[0]).toEqual({
      id: `${CALENDAR}:${Date.parse('2026-11-30T09:30:00-06:00')}`,
      startTime: '2026-11-30T09:30:00-06:00',
      endTime: '2026-11-30T10:00:00-06:00',
      label: 'Mon, Nov 30, 2026, 9:30 AM CST',
      date: '2026-11-30',
      durationMinutes: 30,
      timezone: 'America/Chicago',
      calendarId: CALENDAR,
      calendarName: 'Initial Consultation',
      slotCount: 3,
      otherSlots: [
        { startTime: '2026-11-30T10:00:00-06:00', endTime: '2026-11-30T10:30:00-06:00', label: 'Mon, Nov 30, 2026, 10:00 AM CST' },
        { startTime: '2026-12-01T14:00:00-06:00', endTime: '2026-12-01T14:30:00-06:00', label: 'Tue, Dec 1, 2026, 2:00 PM CST' },
      ],
      otherSlotsText: 'Mon, Nov 30, 2026, 10:00 AM CST; Tue, Dec 1, 2026, 2:00 PM CST',
    });
  });

  it('reads the slot length once per calendar (cached): the next run is one request', async () => {
    clock.now = () => NOW;
    ghlApi()
      .get(`/calendars/${CALENDAR}`)
      .reply(200, calendar({ slotDuration: 1, slotDurationUnit: 'hours' }));
    slotsQuery();
    const first = await find({ calendarId: CALENDAR });
    expect(first[0].endTime).toBe('2026-11-30T10:30:00-06:00'); // 1 hour
    const { scope } = slotsQuery(); // no calendar interceptor left: a second read would fail the run
    const second = await find({ calendarId: CALENDAR }, { keepCache: true });
    expect(scope.isDone()).toBe(true);
    expect(second[0]).toMatchObject({ startTime: '2026-11-30T09:30:00-06:00', endTime: '2026-11-30T10:30:00-06:00', durationMinutes: 60 });
  });

  it('sends From, the days, the Timezone and the Team Member; a time without offset is read in the Timezone', async () => {
    clock.now = () => NOW;
    const { query } = slotsQuery();
    ghlApi().get(`/calendars/${CALENDAR}`).reply(200, calendar());
    const result = await find({ calendarId: CALENDAR, from: '2026-12-01 08:00', days: '31', timezone: 'Europe/Berlin', userId: DANIEL });
    const from = Date.parse('2026-12-01T08:00:00+01:00');
    expect(query).toEqual({ startDate: String(from), endDate: String(from + 31 * DAY - 1), timezone: 'Europe/Berlin', userId: DANIEL });
    // the answer's slots are before From except Dec 1 14:00 CST = 21:00 in Berlin
    expect(result).toEqual([
      expect.objectContaining({
        startTime: '2026-12-01T21:00:00+01:00',
        endTime: '2026-12-01T21:30:00+01:00',
        userId: DANIEL,
        slotCount: 1,
      }),
    ]);
    expect(result[0].otherSlots).toEqual([]);
  });

  it('reads a From date without a time as the start of that day', async () => {
    const { query } = slotsQuery();
    ghlApi().get(`/calendars/${CALENDAR}`).reply(200, calendar());
    await find({ calendarId: CALENDAR, from: '2026-12-01', days: 1 });
    expect(query.startDate).toBe(String(Date.parse('2026-12-01T00:00:00-06:00')));
    expect(query.endDate).toBe(String(Date.parse('2026-12-02T00:00:00-06:00') - 1));
  });

  it('returns no result when the calendar has no free time in the window (one request: no slot length needed)', async () => {
    clock.now = () => NOW;
    ghlApi().get(SLOTS).query(true).reply(200, { traceId: 'x' });
    expect(await find({ calendarId: CALENDAR })).toEqual([]);
    ghlApi()
      .get(SLOTS)
      .query(true)
      .reply(200, { '2026-11-30': { slots: ['2026-11-30T09:00:00-06:00'] }, '2026-12-01': { slots: [] }, traceId: 'x' }); // only before From
    expect(await find({ calendarId: CALENDAR })).toEqual([]);
  });

  it.each([
    [{ days: '32' }, /"How Many Days" field must be a whole number of days from 1 to 31/],
    [{ days: '0' }, /"How Many Days" field/],
    [{ days: '2.5' }, /"How Many Days" field/],
    [{ from: 'next blue moon' }, /"From" field must be a date and time/],
    [{ from: '2026-13-01' }, /"From" field must be a date and time/],
    [{ timezone: 'Mars/Olympus' }, /"Timezone" field must be a timezone name/],
    [{ calendarId: '' }, /"Calendar" field is required/],
    [{ userId: ['a', 'b'] }, /"Team Member" field takes one ID/],
  ])('refuses %j before any request, naming the field', async (over, message) => {
    const error = explain(await failure(find({ calendarId: CALENDAR, ...over })));
    expect(error).toMatchObject({ code: 'invalid_input', status: 400 });
    expect(error.message).toMatch(message);
  });

  it('names the calendar HighLevel does not have', async () => {
    ghlApi().get(SLOTS).query(true).reply(400, ghlError(400, 'Calendar not found'));
    const error = explain(await failure(find({ calendarId: CALENDAR })));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(new RegExp(`no calendar with ID "${CALENDAR}"`));
  });

  it("passes HighLevel's own refusal on with what it said", async () => {
    ghlApi()
      .get(SLOTS)
      .query(true)
      .reply(422, ghlError(422, ['userId must be a string']));
    const error = explain(await failure(find({ calendarId: CALENDAR })));
    expect(error.message).toMatch(/userId must be a string/);
  });

  it('refreshes on an expired token and asks for a reconnect on a missing scope', async () => {
    ghlApi().get(SLOTS).query(true).reply(401, ghlError(401, 'Invalid JWT'));
    expect((await failure(find({ calendarId: CALENDAR }))).name).toBe('RefreshAuthError');
    ghlApi().get(SLOTS).query(true).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    expect((await failure(find({ calendarId: CALENDAR }))).name).toBe('ExpiredAuthError');
  });
});
