/**
 * GET /calendars/{calendarId}/free-slots (calendars.json `get-slots`, Version 2021-04-15): the times a calendar
 * can still be booked, from its opening hours (`openHours`, in the location's timezone), its slot length and the
 * appointments already booked, as `{ "YYYY-MM-DD": { slots: [ISO with offset, …] } }` in the requested timezone.
 *
 * Rules, as strict as HighLevel's: `startDate`/`endDate` epoch ms (the spec check refuses other types), end not
 * before start, a range of at most 31 days (400 otherwise), a known timezone. A slot lasts `slotDuration` and they
 * start every `slotDuration` from the opening time; one ends by closing time. It is free when a team member (the
 * `userId`/`userIds` asked for, else any) has no live appointment overlapping it on any calendar — the same rule
 * booking applies (calendars.ts). Slots lie from now (minimum notice 0) to 30 days ahead (`allowBookingFor`),
 * within [startDate, endDate]; days without a free slot are left out.
 * Not documented, so chosen here: the slots of a day start at `startDate`, not at that day's midnight, and a user
 * who is not on the calendar's team has no slots.
 */
import { badRequest, isoInZone, ok, queryString } from './http.ts';
import type { Ctx, Handler } from './http.ts';
import { calendarOf, userFree } from './calendars.ts';
import type { Calendar, LocationData } from './store.ts';

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 31;
/** `allowBookingFor` of every sandbox calendar (calendars.ts), in days */
const BOOKING_WINDOW_DAYS = 30;

/** Minutes `tz` is ahead of UTC at `ms`. */
function offsetMinutes(ms: number, tz: string): number {
  const text = isoInZone(ms, tz);
  const m = /([+-])(\d{2}):(\d{2})$/.exec(text)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant of a wall-clock time in `tz` (a time skipped by a DST change moves forward by the gap). */
function wallTime(y: number, mo: number, d: number, minutes: number, tz: string): number {
  const wall = Date.UTC(y, mo - 1, d, 0, minutes);
  const guess = wall - offsetMinutes(wall, tz) * 60_000;
  return wall - offsetMinutes(guess, tz) * 60_000;
}

function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Free slot starts (ms) of a calendar in [from, to], for the given users (undefined = any team member). */
export function freeSlotStarts(loc: LocationData, calendar: Calendar, from: number, to: number, now: number, users?: string[]): number[] {
  const earliest = Math.max(from, now);
  const latest = Math.min(to, now + BOOKING_WINDOW_DAYS * DAY);
  if (earliest > latest) return [];
  const tz = loc.location.timezone;
  const length = calendar.slotDuration;
  const team = calendar.teamMembers.map((m) => m.userId);
  const members = users ? team.filter((u) => users.includes(u)) : team;
  if (users && !members.length) return [];
  const free = (start: number) => {
    const end = start + length * 60_000;
    if (members.length) return members.some((u) => userFree(loc, u, start, end));
    return ![...loc.appointments.values()].some(
      (a) => a.calendarId === calendar.id && a.appointmentStatus !== 'cancelled' && a.startTime < end && start < a.endTime,
    );
  };
  const [y, m, d] = isoInZone(earliest, tz).slice(0, 10).split('-').map(Number) as [number, number, number];
  const out: number[] = [];
  for (let day = Date.UTC(y, m - 1, d); day <= latest + DAY; day += DAY) {
    const date = new Date(day);
    const weekday = date.getUTCDay();
    for (const open of calendar.openHours ?? []) {
      if (!open.daysOfTheWeek.includes(weekday)) continue;
      for (const h of open.hours) {
        const close = h.closeHour * 60 + h.closeMinute;
        for (let min = h.openHour * 60 + h.openMinute; min + length <= close; min += length) {
          const start = wallTime(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), min, tz);
          if (start >= earliest && start <= latest && free(start)) out.push(start);
        }
      }
    }
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

export const freeSlotHandlers: Record<string, Handler> = {
  'get-slots': (ctx: Ctx) => {
    const { loc, calendar } = calendarOf(ctx, ctx.params.calendarId);
    const from = Number(queryString(ctx, 'startDate'));
    const to = Number(queryString(ctx, 'endDate'));
    if (to < from) throw badRequest('endDate must not be before startDate');
    if (to - from > MAX_RANGE_DAYS * DAY) throw badRequest(`Date range cannot be more than ${MAX_RANGE_DAYS} days`);
    const tz = queryString(ctx, 'timezone') ?? loc.location.timezone;
    if (!isTimezone(tz)) throw badRequest('timezone must be a valid IANA timezone');
    const asked = [queryString(ctx, 'userId'), ...[ctx.query.userIds ?? []].flat()].filter((u): u is string => Boolean(u));
    const byDay: Record<string, { slots: string[] }> = {};
    for (const start of freeSlotStarts(loc, calendar, from, to, ctx.store.now(), asked.length ? asked : undefined)) {
      const when = isoInZone(start, tz);
      (byDay[when.slice(0, 10)] ??= { slots: [] }).slots.push(when);
    }
    return ok(byDay);
  },
};
