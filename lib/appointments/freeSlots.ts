/**
 * Free slots (`GET /calendars/{calendarId}/free-slots`, calendars spec, `Version: 2021-04-15`): the window a Zap
 * asks about, the request, and the slots as times a later "Create Appointment" step can take as they are.
 *
 * Facts the code relies on (docs/ and the calendars spec):
 * - `startDate` and `endDate` are epoch milliseconds and the range cannot be more than 31 days.
 * - `timezone` (optional) is the zone the slots come back in; `userId` (optional) asks for one team member's slots.
 * - The answer is a map keyed by day, `{ "2026-12-01": { slots: ["2026-12-01T09:00:00-06:00", …] }, traceId }`:
 *   only slot START times. A slot lasts the calendar's `slotDuration` (`GET /calendars/{id}`, `slotDurationUnit`
 *   mins or hours), which is read once and kept in `z.cache` for 5 minutes.
 * - Whether a day's list begins at `startDate` or at the start of that day is not documented: slots before "From"
 *   are dropped here, so the first result is always the first free time at or after it.
 */
import type { Bundle, PlainOutputField, ZObject } from 'zapier-platform-core';
import { ghl, ghlPath } from '../client.js';
import { inputError } from '../errors.js';
import { requiredId, text } from '../inputs.js';
import { calendarInfo } from './api.js';
import { DAY, isoInZone, parseAppointmentTime, resolveTimezone, whenLabel, zonedTime } from './timezones.js';

/** HighLevel looks at most this many days ahead in one free-slots request. */
export const MAX_DAYS = 31;
export const DEFAULT_DAYS = 7;

export interface SlotQuery {
  calendarId: string;
  from: Date;
  days: number;
  timezone: string;
  userId?: string;
}

export interface Slot {
  startTime: string;
  endTime: string;
  label: string;
}

/** "From": empty = now; a date alone = the start of that day; otherwise a date and time as appointments read them. */
export function parseFrom(value: unknown, tz: string, now: number): Date {
  const t = text(value);
  if (t === undefined) return new Date(now);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (day) {
    const [, y, m, d] = day.map(Number) as number[];
    if (m! < 1 || m! > 12 || d! < 1 || d! > 31) throw inputError('From', `must be a date and time such as 2026-12-01 09:00 — got "${t}".`);
    return zonedTime(y!, m!, d!, 0, 0, 0, tz);
  }
  return parseAppointmentTime(value, 'From', tz);
}

/** "How Many Days": a whole number from 1 to 31 (HighLevel's limit), 7 when empty. */
export function parseDays(value: unknown): number {
  const t = text(value);
  if (t === undefined) return DEFAULT_DAYS;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS)
    throw inputError(
      'How Many Days',
      `must be a whole number of days from 1 to ${MAX_DAYS} (HighLevel looks at most ${MAX_DAYS} days ahead at a time), e.g. 7 — got "${t.slice(0, 40)}".`,
    );
  return n;
}

/** The inputs of Find Free Slots, checked before any request. */
export function slotQuery(input: Record<string, unknown>, bundle: Bundle, now: number): SlotQuery {
  const calendarId = requiredId(input.calendarId, 'Calendar');
  const timezone = resolveTimezone(input, bundle);
  const from = parseFrom(input.from, timezone, now);
  const days = parseDays(input.days);
  const userId =
    input.userId === undefined || input.userId === null || input.userId === '' ? undefined : requiredId(input.userId, 'Team Member');
  return { calendarId, from, days, timezone, ...(userId ? { userId } : {}) };
}

/** Minutes one appointment of the calendar lasts (its slot length) and its name, from calendarInfo (cached 5 minutes). */
export async function slotMinutes(z: ZObject, calendarId: string): Promise<{ minutes: number; name?: string }> {
  const { minutes, name } = await calendarInfo(z, calendarId);
  return { minutes, ...(name ? { name } : {}) };
}

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** Every slot start in a free-slots answer (the day keys; `traceId` and anything else is skipped), sorted, once each. */
export function slotStarts(data: unknown): number[] {
  const out = new Set<number>();
  if (!data || typeof data !== 'object') return [];
  for (const [day, value] of Object.entries(data as Record<string, unknown>)) {
    const slots = DATE_KEY.test(day) ? (value as { slots?: unknown } | null)?.slots : undefined;
    if (!Array.isArray(slots)) continue;
    for (const s of slots) {
      const t = typeof s === 'string' ? Date.parse(s) : Number.NaN;
      if (Number.isFinite(t)) out.add(t);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** One request: the calendar's free slots in the window (the slot length comes from slotMinutes). */
export async function fetchFreeSlots(z: ZObject, q: SlotQuery): Promise<number[]> {
  const start = q.from.getTime();
  const end = start + q.days * DAY - 1; // at most 31 days, the last millisecond included (as the spec's example)
  const data = await ghl(z, {
    path: ghlPath`/calendars/${q.calendarId}/free-slots`,
    params: { startDate: String(start), endDate: String(end), timezone: q.timezone, userId: q.userId },
  });
  return slotStarts(data).filter((t) => t >= start && t <= end);
}

/** A slot as the search returns it: start and end with the zone's offset (what Create Appointment takes) and a label. */
export function slotOut(start: number, minutes: number, tz: string): Slot {
  return {
    startTime: isoInZone(new Date(start), tz),
    endTime: isoInZone(new Date(start + minutes * 60_000), tz),
    label: whenLabel(start, tz),
  };
}

/** The search result: the first free slot, with every other slot of the window listed (line items and text). */
export function firstSlotResult(starts: number[], minutes: number, q: SlotQuery, calendarName?: string): Record<string, unknown>[] {
  if (!starts.length) return [];
  const [first, ...others] = starts.map((t) => slotOut(t, minutes, q.timezone));
  return [
    {
      id: `${q.calendarId}:${starts[0]}`,
      ...first,
      date: first!.startTime.slice(0, 10),
      durationMinutes: minutes,
      timezone: q.timezone,
      calendarId: q.calendarId,
      ...(calendarName ? { calendarName } : {}),
      ...(q.userId ? { userId: q.userId } : {}),
      slotCount: starts.length,
      otherSlots: others,
      otherSlotsText: others.map((s) => s.label).join('; '),
    },
  ];
}

export const freeSlotSample = {
  id: 'Cw8Pz4LkR2nT6yHq9XsV:1764601200000',
  startTime: '2026-12-01T09:00:00-06:00',
  endTime: '2026-12-01T09:30:00-06:00',
  label: 'Tue, Dec 1, 2026, 9:00 AM CST',
  date: '2026-12-01',
  durationMinutes: 30,
  timezone: 'America/Chicago',
  calendarId: 'Cw8Pz4LkR2nT6yHq9XsV',
  calendarName: 'Initial Consultation',
  userId: 'Bq7TnW2xKd9LmR4sVp1Z',
  slotCount: 3,
  otherSlots: [
    { startTime: '2026-12-01T09:30:00-06:00', endTime: '2026-12-01T10:00:00-06:00', label: 'Tue, Dec 1, 2026, 9:30 AM CST' },
    { startTime: '2026-12-02T14:00:00-06:00', endTime: '2026-12-02T14:30:00-06:00', label: 'Wed, Dec 2, 2026, 2:00 PM CST' },
  ],
  otherSlotsText: 'Tue, Dec 1, 2026, 9:30 AM CST; Wed, Dec 2, 2026, 2:00 PM CST',
};

export const freeSlotOutputFields: PlainOutputField[] = [
  { key: 'startTime', label: 'Start Time', type: 'datetime' },
  { key: 'endTime', label: 'End Time', type: 'datetime' },
  { key: 'label', label: 'Start Time (Readable)' },
  { key: 'date', label: 'Date' },
  { key: 'durationMinutes', label: 'Duration (Minutes)', type: 'integer' },
  { key: 'timezone', label: 'Timezone' },
  { key: 'calendarId', label: 'Calendar ID' },
  { key: 'calendarName', label: 'Calendar Name' },
  { key: 'userId', label: 'Team Member ID' },
  { key: 'slotCount', label: 'Free Slots in Window', type: 'integer' },
  { key: 'otherSlots[]startTime', label: 'Other Slots Start Time', type: 'datetime' },
  { key: 'otherSlots[]endTime', label: 'Other Slots End Time', type: 'datetime' },
  { key: 'otherSlots[]label', label: 'Other Slots (Readable)' },
  { key: 'otherSlotsText', label: 'Other Slots (Text)' },
  { key: 'id', label: 'Slot ID' },
];
