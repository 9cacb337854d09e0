// Appointment time handling (lib/appointments/timezones.ts): how a start/end input becomes the instant HighLevel gets.
import { describe, expect, it } from '@jest/globals';
import { bundle } from './helpers.js';
import { isoInZone, parseAppointmentTime, resolveTimezone, timezoneChoices, zonedTime } from '../lib/appointments/index.js';

const iso = (d: Date) => d.toISOString();
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return JSON.parse((e as Error).message).message;
  }
  throw new Error('expected a throw');
};

describe('parseAppointmentTime', () => {
  it.each([
    ['ISO without offset', '2026-12-01T14:00', 'America/New_York', '2026-12-01T19:00:00.000Z'],
    ['space-separated with seconds', '2026-12-01 14:00:00', 'America/New_York', '2026-12-01T19:00:00.000Z'],
    ['summer time (EDT, -04:00)', '2026-07-01 09:30', 'America/New_York', '2026-07-01T13:30:00.000Z'],
    ['a zone ahead of UTC', '2026-12-01 14:00', 'Asia/Kolkata', '2026-12-01T08:30:00.000Z'],
    ['US month/day/year with AM/PM', '12/01/2026 2:00 PM', 'Europe/Berlin', '2026-12-01T13:00:00.000Z'],
    ['a month name', 'Dec 1, 2026 14:00', 'UTC', '2026-12-01T14:00:00.000Z'],
  ])('reads a time without a timezone (%s) as wall-clock time in the chosen zone', (_what, input, tz, instant) => {
    expect(iso(parseAppointmentTime(input, 'Start Time', tz))).toBe(instant);
  });

  it.each([
    ['Z', '2026-12-01T14:00:00Z', '2026-12-01T14:00:00.000Z'],
    ['a numeric offset', '2026-12-01T14:00:00-05:00', '2026-12-01T19:00:00.000Z'],
    ['an offset without colon', '2026-12-01 14:00:00+0530', '2026-12-01T08:30:00.000Z'],
    ['a US zone abbreviation', 'Dec 1, 2026 2:00 PM EST', '2026-12-01T19:00:00.000Z'],
    ['JavaScript Date text', 'Tue Dec 01 2026 14:00:00 GMT-0500 (Eastern Standard Time)', '2026-12-01T19:00:00.000Z'],
    ['epoch seconds', '1796151600', '2026-12-01T19:00:00.000Z'],
    ['epoch milliseconds', '1796151600000', '2026-12-01T19:00:00.000Z'],
  ])('keeps the instant of a time that carries its own zone (%s), whatever zone is chosen', (_what, input, instant) => {
    expect(iso(parseAppointmentTime(input, 'Start Time', 'Asia/Tokyo'))).toBe(instant);
  });

  it.each([
    ['a date without time', '2026-12-01', /time of day is needed/],
    ['a month-name date without time', 'Dec 1, 2026', /time of day is needed/],
    ['text', 'next tuesday-ish', /must be a date and time/],
    ['an impossible hour', '2026-12-01 25:00', /must be a date and time/],
  ])('refuses %s, naming the field', (_what, input, problem) => {
    const text = message(() => parseAppointmentTime(input, 'End Time', 'UTC'));
    expect(text).toMatch(/^The "End Time" field /);
    expect(text).toMatch(problem);
  });

  it('moves a wall-clock time skipped by the spring DST change forward by the gap', () => {
    // 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 → 03:00).
    expect(iso(zonedTime(2026, 3, 8, 2, 30, 0, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('reads a wall-clock time that occurs twice (autumn DST change) as the first one', () => {
    // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(iso(zonedTime(2026, 11, 1, 1, 30, 0, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('isoInZone', () => {
  it("writes the instant with the zone offset and no milliseconds (HighLevel's own form)", () => {
    const at = new Date('2026-12-01T19:00:00.987Z');
    expect(isoInZone(at, 'America/New_York')).toBe('2026-12-01T14:00:00-05:00');
    expect(isoInZone(at, 'Asia/Kolkata')).toBe('2026-12-02T00:30:00+05:30');
    expect(isoInZone(at, 'UTC')).toBe('2026-12-01T19:00:00Z');
  });
});

describe('resolveTimezone', () => {
  it('prefers the Timezone input, then the Zap timezone, then UTC', () => {
    expect(resolveTimezone({ timezone: 'Europe/Berlin' }, bundle({}, { timezone: 'America/Chicago' }))).toBe('Europe/Berlin');
    expect(resolveTimezone({}, bundle({}, { timezone: 'America/Chicago' }))).toBe('America/Chicago');
    expect(resolveTimezone({}, bundle({}, { timezone: null }))).toBe('UTC');
    expect(resolveTimezone({}, bundle({}, { timezone: 'Not/AZone' }))).toBe('UTC');
  });

  it('refuses a Timezone input that is not an IANA name', () => {
    expect(message(() => resolveTimezone({ timezone: 'Eastern' }, bundle()))).toMatch(/"Timezone" field must be a timezone name/);
  });

  it('offers every IANA zone Node knows, UTC first', () => {
    const TIMEZONE_CHOICES = timezoneChoices();
    expect(TIMEZONE_CHOICES[0]).toBe('UTC');
    expect(TIMEZONE_CHOICES).toEqual(expect.arrayContaining(['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Europe/Kyiv']));
    expect(TIMEZONE_CHOICES).not.toContain('Asia/Calcutta');
    expect(new Set(TIMEZONE_CHOICES).size).toBe(TIMEZONE_CHOICES.length);
  });
});
