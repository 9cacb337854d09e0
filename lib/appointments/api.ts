/**
 * Appointment requests and output shaping: create/edit with their expected refusals explained, one appointment,
 * a contact's appointments, a calendar's or user's appointments in the trigger window. HighLevel facts these rely
 * on (answer shapes, the start-time window, the assignee rule): docs/appointments.md.
 */
import type { Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import { ghl, ghlOrNone, ghlPath, ghlResponse, locationId, type GhlRequest } from '../client.js';
import { clock, normalizeDate } from '../dates.js';
import { inputError, messagesOf, missingFromAnswer, toZapierError } from '../errors.js';
import { timeOf } from '../results.js';
import { DAY, isTimezone, whenLabel } from './timezones.js';

export type Appointment = Record<string, any> & { id: string };

/**
 * The triggers read appointments whose START time lies from 30 days ago to 365 days ahead (one request), and
 * only those booked/changed in the last 30 days count as new/updated (so appointments sliding into the window
 * as time passes never fire late).
 */
export const WINDOW = { pastDays: 30, futureDays: 365, recentDays: 30 } as const;

// ---- output -----------------------------------------------------------------------------------------------------

const dateOut = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? (normalizeDate(v) ?? v) : v);

/** A HighLevel appointment as every operation returns it: all its fields, ids guaranteed, dates ISO 8601 (UTC). */
export function shapeAppointment(raw: Record<string, any>, fallback: { contactId?: string; calendarId?: string } = {}): Appointment {
  const out: Appointment = { ...raw, id: String(raw.id) };
  if (!out.contactId && fallback.contactId) out.contactId = fallback.contactId;
  if (!out.calendarId && fallback.calendarId) out.calendarId = fallback.calendarId;
  for (const key of ['startTime', 'endTime', 'dateAdded', 'dateUpdated'])
    if (out[key] !== undefined && out[key] !== null) out[key] = dateOut(out[key]);
  // Contact appointment lists call the status `status` in older records; `appointmentStatus` is the one to map.
  if (!out.appointmentStatus && typeof raw.status === 'string') out.appointmentStatus = raw.status;
  return out;
}

/** The appointment in a create/edit answer (bare object), or an error that says HighLevel sent none. */
export function appointmentFrom(
  z: ZObject,
  data: unknown,
  what: string,
  fallback: { contactId?: string; calendarId?: string } = {},
): Appointment {
  const raw = data as Record<string, any> | undefined;
  const appointment = raw?.id ? raw : raw?.appointment?.id ? raw.appointment : raw?.event?.id ? raw.event : undefined;
  if (!appointment) {
    throw missingFromAnswer(z, what, 'appointment', 'the calendar');
  }
  return shapeAppointment(appointment, fallback);
}

/** Dropdown label: "Tue, Dec 1, 2026, 2:00 PM EST · Consultation (confirmed)", in the Zap's timezone. */
export function appointmentLabel(a: Appointment, timezone: unknown): string {
  const tz = typeof timezone === 'string' && isTimezone(timezone) ? timezone : 'UTC';
  const t = timeOf(a.startTime);
  const when = Number.isFinite(t) ? whenLabel(t, tz) : 'No start time';
  const title = String(a.title || 'Appointment')
    .replace(/\s+/g, ' ')
    .trim();
  return `${when} · ${title.length > 60 ? `${title.slice(0, 59)}…` : title}${a.appointmentStatus ? ` (${a.appointmentStatus})` : ''}`;
}

// ---- requests ---------------------------------------------------------------------------------------------------

const SLOT = /slot/i;
const NEEDS_USER = /(assignedUserId|userId).*must be set|must be set.*(assignedUserId|userId)/i;

/** The fields a booking step has, so that an error points only at fields the user can see in it. */
export interface BookingStep {
  /** the step has Start/End Time and Ignore Availability */
  times: boolean;
  /** the step has Assigned User */
  assignee: boolean;
  /** kind → the step's label where it is not the usual one (e.g. `{ calendar: 'Move to Calendar' }`) */
  fields?: Record<string, string>;
}

/**
 * Create/edit with the answers a booking can expect explained: a time that is not a free slot and the missing
 * assignee (#23), each pointing only at fields the step has. Every other error goes the usual way (lib/errors.ts).
 */
export async function bookingRequest(z: ZObject, req: GhlRequest, step: BookingStep): Promise<unknown> {
  const response: HttpResponse = await ghlResponse(z, { ...req, skipThrowForStatus: true });
  if (response.status < 400) return response.data;
  const said = messagesOf(response).join('; ');
  if ((response.status === 400 || response.status === 422) && SLOT.test(said)) {
    throw new z.errors.Error(
      step.times
        ? `HighLevel did not book this time (HighLevel said: "${said}"). The calendar has no free slot then: pick another Start Time, ` +
            `check the calendar's availability${step.assignee ? ' and the Assigned User' : ''}, or set "Ignore Availability" to Yes to book it anyway.`
        : `HighLevel refused the change because the appointment's time is no longer a free slot of its calendar (HighLevel said: "${said}"). ` +
            'Reschedule it in HighLevel or with "Update Appointment" (Ignore Availability: Yes), then run this step again.',
      'slot_not_available',
      response.status,
    );
  }
  if ((response.status === 400 || response.status === 422) && NEEDS_USER.test(said)) {
    throw new z.errors.Error(
      `HighLevel needs a team member for this appointment (HighLevel said: "${said}"). ` +
        (step.assignee
          ? 'Pick the Assigned User in this step.'
          : 'The appointment has none assigned: assign one in HighLevel or with "Update Appointment" (Assigned User), then run this step again.'),
      'assigned_user_required',
      response.status,
    );
  }
  throw toZapierError(response, z, step.fields);
}

/** One appointment by id (`GET /calendars/events/appointments/{id}` → `{ event }`); undefined when HighLevel has none. */
export async function fetchAppointment(z: ZObject, id: string): Promise<Appointment | undefined> {
  const event = (await ghlOrNone<{ event?: Record<string, any> }>(z, { path: ghlPath`/calendars/events/appointments/${id}` }))?.event;
  return event?.id ? shapeAppointment(event) : undefined;
}

/** The appointment an edit starts from (its assignee, times); none is an error naming the field and the ID. */
export async function currentAppointment(z: ZObject, id: string, field = 'Appointment'): Promise<Appointment> {
  const existing = await fetchAppointment(z, id);
  if (!existing) {
    throw new z.errors.Error(
      `HighLevel has no appointment with ID "${id}" in this sub-account. Check the "${field}" field of this step: ` +
        'pick the appointment from its dropdown or map its ID from an earlier step that returns it.',
      'not_found',
      404,
    );
  }
  return existing;
}

export interface CalendarInfo {
  /** minutes one appointment lasts (the calendar's slot length) */
  minutes: number;
  name?: string;
  /** team members' user ids, the one to book by default first (primary, then highest priority, then listed order) */
  team: string[];
}

/** Seconds a calendar's details stay cached. */
export const CALENDAR_TTL = 300;

/** Slot length, name and team of a calendar, from `GET /calendars/{id}` (one request), cached 5 minutes. */
export async function calendarInfo(z: ZObject, calendarId: string): Promise<CalendarInfo> {
  const key = `highlevel:calendar:v2:${calendarId}`;
  try {
    const cached = (await z.cache.get(key)) as CalendarInfo | null;
    if (cached && typeof cached.minutes === 'number' && Array.isArray(cached.team)) return cached;
  } catch {
    // no cache available (e.g. a local run): just ask HighLevel
  }
  const data = await ghl<{ calendar?: Record<string, any> }>(z, { path: ghlPath`/calendars/${calendarId}` });
  const c = data?.calendar ?? {};
  const length = Number(c.slotDuration);
  // HighLevel's default slot is 30 minutes (CalendarDTO `slotDuration` default).
  const minutes = Number.isFinite(length) && length > 0 ? (c.slotDurationUnit === 'hours' ? length * 60 : length) : 30;
  const members: Record<string, any>[] = Array.isArray(c.teamMembers)
    ? c.teamMembers.filter((m: any) => typeof m?.userId === 'string')
    : [];
  const rank = (m: Record<string, any>) => (m.isPrimary === true ? 2 : 0) + (typeof m.priority === 'number' ? m.priority : 0.5);
  const team = members
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(b.m) - rank(a.m) || a.i - b.i)
    .map(({ m }) => m.userId as string);
  const out: CalendarInfo = { minutes, ...(typeof c.name === 'string' && c.name ? { name: c.name } : {}), team };
  try {
    await z.cache.set(key, out, CALENDAR_TTL);
  } catch {
    // caching is an optimisation only
  }
  return out;
}

/**
 * Who a booking without an Assigned User goes to. HighLevel's API needs one (#23) and does not pick round-robin
 * itself: the connected user when the calendar has no team or they are on it, else the calendar's primary (or
 * highest-priority) team member. One read of the calendar (cached), only when Assigned User is empty.
 */
export async function defaultAssignee(z: ZObject, bundle: Bundle, calendarId: string): Promise<string | undefined> {
  const me = typeof bundle.authData?.userId === 'string' && bundle.authData.userId ? bundle.authData.userId : undefined;
  const { team } = await calendarInfo(z, calendarId);
  if (!team.length || (me && team.includes(me))) return me ?? team[0];
  return team[0];
}

/** A contact's appointments (`GET /contacts/{id}/appointments`, one request, no paging), times made ISO. */
export async function listContactAppointments(z: ZObject, contactId: string): Promise<Appointment[]> {
  const data = await ghl<{ events?: Record<string, any>[] }>(z, { path: ghlPath`/contacts/${contactId}/appointments` });
  return (data?.events ?? []).filter((e) => e?.id).map((e) => shapeAppointment(e, { contactId }));
}

/**
 * Appointments of a calendar and/or user whose start time lies in the trigger window — one request. With both,
 * HighLevel is asked for the calendar and the user filter is applied here (the spec wants only one of them).
 */
export async function listWindowEvents(
  z: ZObject,
  bundle: Bundle,
  source: { calendarId?: string; userId?: string },
  now = clock.now(),
): Promise<Appointment[]> {
  const { calendarId, userId } = source;
  if (!calendarId && !userId)
    throw inputError(
      'Calendar',
      'or the User field must be filled in: choose the calendar or the team member whose appointments to watch.',
    );
  const data = await ghl<{ events?: Record<string, any>[] }>(z, {
    path: '/calendars/events',
    params: {
      locationId: locationId(bundle),
      ...(calendarId ? { calendarId } : { userId }),
      startTime: String(now - WINDOW.pastDays * DAY),
      endTime: String(now + WINDOW.futureDays * DAY),
    },
  });
  const events = (data?.events ?? []).filter((e) => e?.id).map((e) => shapeAppointment(e));
  if (!calendarId || !userId) return events;
  return events.filter((e) => e.assignedUserId === userId || (Array.isArray(e.users) && e.users.includes(userId)));
}

/**
 * One item per booking: the instances of a recurring series (same `masterEventId`, one event each in
 * `GET /calendars/events`) collapse into the one `better` prefers, with the series id as `id` and that
 * instance's own id under `occurrenceKey`. Appointments outside a series pass unchanged.
 */
export function onePerSeries(
  items: Appointment[],
  better: (a: Appointment, b: Appointment) => boolean,
  occurrenceKey: string,
): Appointment[] {
  const byBooking = new Map<string, Appointment>();
  const chosen = new Map<string, Appointment>();
  for (const item of items) {
    const series = typeof item.masterEventId === 'string' && item.masterEventId ? item.masterEventId : undefined;
    const key = series ?? item.id;
    const seen = chosen.get(key);
    if (seen && !better(item, seen)) continue;
    chosen.set(key, item);
    byBooking.set(key, series ? { ...item, id: series, [occurrenceKey]: item.id } : item);
  }
  return [...byBooking.values()];
}

/** Was this date within the last `WINDOW.recentDays` (or is it unknown)? */
export const isRecent = (value: unknown, now = clock.now()): boolean => {
  const t = timeOf(value);
  return t === -Infinity || t >= now - WINDOW.recentDays * DAY;
};
