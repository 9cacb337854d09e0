/**
 * Appointments (calendars spec, `Version: 2021-04-15`; plus `GET /contacts/{id}/appointments`, contacts spec): the
 * input fields, time handling, request bodies, output shaping and requests every appointment operation shares.
 *
 * Facts the code below relies on (../shared/reference/highlevel-api.md §5, §6):
 * - Create (`POST /calendars/events/appointments`) and edit (`PUT …/appointments/{eventId}`) answer with the bare
 *   appointment (`AppointmentSchemaResponse`), without `dateAdded`/`dateUpdated` (#246). Get answers `{ event }`.
 * - Bodies are strict: only `AppointmentCreateSchema`/`AppointmentEditSchema` properties (unknown ones → 422).
 * - Times go out as ISO 8601 with an offset (the spec's own form, `2021-06-23T03:30:00+05:30`).
 * - `GET /contacts/{id}/appointments` gives times as `2021-07-16 11:00:00` (no timezone; read as UTC, as
 *   lib/dates.ts `normalizeDate` does).
 * - `GET /calendars/events` needs locationId, startTime, endTime (epoch ms) and one of calendarId/userId/groupId,
 *   and selects by appointment START time, not by booking time. The spec states no maximum range.
 * - Create/edit reportedly fail with "Either userId or assignedUserId must be set" without an assignee (#23).
 */
import type { Bundle, HttpResponse, PlainInputField, PlainOutputField, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { ghl, ghlOrNone, ghlPath, ghlResponse, locationId, type GhlRequest } from './client.js';
import { clock, normalizeDate } from './dates.js';
import { timeOf } from './results.js';
import { inputError, messagesOf, toZapierError } from './errors.js';
import { calendarIdField, contactIdField, userIdField } from './fields.js';
import { parseBoolean, requiredId, text } from './inputs.js';

export type Appointment = Record<string, any> & { id: string };
type Input = Record<string, unknown>;
type Overrides = Partial<PlainInputField>;

// ---- vocabulary -----------------------------------------------------------------------------------------------

/** `appointmentStatus` values the create/edit schemas accept. */
export const STATUS_CHOICES = [
  { value: 'new', sample: 'new', label: 'New' },
  { value: 'confirmed', sample: 'confirmed', label: 'Confirmed' },
  { value: 'cancelled', sample: 'cancelled', label: 'Cancelled' },
  { value: 'showed', sample: 'showed', label: 'Showed' },
  { value: 'noshow', sample: 'noshow', label: 'No-Show' },
  { value: 'invalid', sample: 'invalid', label: 'Invalid' },
];

/** `meetingLocationType` values the create/edit schemas accept. */
export const MEETING_TYPE_CHOICES = [
  { value: 'address', sample: 'address', label: 'In Person (Address)' },
  { value: 'custom', sample: 'custom', label: 'Custom (Text or Link in Address)' },
  { value: 'phone', sample: 'phone', label: 'Phone Call' },
  { value: 'zoom', sample: 'zoom', label: 'Zoom' },
  { value: 'gmeet', sample: 'gmeet', label: 'Google Meet' },
  { value: 'ms_teams', sample: 'ms_teams', label: 'Microsoft Teams' },
  { value: 'google', sample: 'google', label: 'Google (Calendar Conferencing)' },
];

/** ICU still lists some zones under their old names; users look for the current ones. */
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Africa/Asmera': 'Africa/Asmara',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
};

/** Every IANA timezone Node knows (current names), UTC first. */
export const TIMEZONE_CHOICES: string[] = [
  'UTC',
  ...Intl.supportedValuesOf('timeZone')
    .filter((tz) => tz !== 'UTC')
    .map((tz) => (RENAMED[tz] && isTimezone(RENAMED[tz]) ? RENAMED[tz] : tz))
    .sort(),
];

/**
 * The triggers read appointments whose START time lies from 30 days ago to 365 days ahead (one request), and
 * only those booked/changed in the last 30 days count as new/updated (so appointments sliding into the window
 * as time passes never fire late).
 */
export const WINDOW = { pastDays: 30, futureDays: 365, recentDays: 30 } as const;
export const DAY = 86_400_000;

// ---- input fields ---------------------------------------------------------------------------------------------

/** The contact an appointment belongs to; on update/cancel/delete/get it only fills the Appointment dropdown. */
export const appointmentContactField = (o: Overrides = {}): PlainInputField =>
  contactIdField({
    required: false,
    altersDynamicFields: true,
    helpText:
      "Only used to list this contact's appointments in the Appointment dropdown below (nothing about the contact is changed). " +
      'Pick one, or map the **Contact ID** from an earlier step. Leave empty to list the upcoming appointments of the HighLevel user who connected this account.',
    ...o,
  });

/** The appointment to act on; its dropdown lists the appointments of the contact chosen above it. */
export const appointmentIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'appointmentId',
  label: 'Appointment',
  type: 'string',
  required: true,
  dynamic: 'appointment_list.id.label',
  search: 'find_appointments.id',
  dependsOn: ['contactId'],
  helpText:
    'The HighLevel appointment. Pick one (choose the Contact first to see their appointments), or map the **Appointment ID** from an earlier step ' +
    '(for example "Create Appointment", "Find Appointments for Contact" or the "New Appointment" trigger).',
  ...o,
});

export const timezoneField = (o: Overrides = {}): PlainInputField => ({
  key: 'timezone',
  label: 'Timezone',
  type: 'string',
  required: false,
  dynamic: 'timezone_list.id.name',
  helpText:
    'How to read a Start or End Time written without a timezone, such as `2026-12-01 14:00` (as 2 PM in this timezone). ' +
    "Leave empty to use the Zap's timezone (Zap settings → Timezone). Times that carry their own offset (`2026-12-01T14:00:00-05:00`, `…Z`) are used as they are.",
  ...o,
});

export const startTimeField = (action: 'create' | 'update'): PlainInputField => ({
  key: 'startTime',
  label: 'Start Time',
  type: 'string',
  required: action === 'create',
  helpText:
    (action === 'create' ? 'When the appointment starts. ' : 'A new start time, to reschedule. Leave empty to keep the current one. ') +
    'Map a date and time from an earlier step, or type one such as `2026-12-01 14:00` (read in the Timezone below) or `2026-12-01T14:00:00-05:00`. ' +
    (action === 'update' ? 'Without a new End Time or Duration, the appointment keeps its current length.' : ''),
});

export const endTimeField = (action: 'create' | 'update'): PlainInputField => ({
  key: 'endTime',
  label: 'End Time',
  type: 'string',
  required: false,
  helpText:
    'When the appointment ends, in the same forms as Start Time. ' +
    (action === 'create'
      ? "Leave empty to use Duration, or, with Duration empty too, the calendar's own appointment length."
      : 'Leave empty to keep the current end (or to use Duration).') +
    ' Takes precedence over Duration.',
});

export const durationField = (action: 'create' | 'update'): PlainInputField => ({
  key: 'duration',
  label: 'Duration (Minutes)',
  type: 'integer',
  required: false,
  helpText:
    'Length of the appointment in minutes, e.g. `30`; the end time becomes start + duration. Used only when End Time is empty. ' +
    (action === 'create' ? "Leave both empty to use the calendar's own appointment length." : 'Leave empty to keep the current length.'),
});

export const statusField = (action: 'create' | 'update', o: Overrides = {}): PlainInputField => ({
  key: 'appointmentStatus',
  label: 'Status',
  type: 'string',
  required: false,
  choices: STATUS_CHOICES,
  ...(action === 'create' ? { default: 'confirmed' } : {}),
  helpText:
    action === 'create'
      ? 'The appointment status in HighLevel. Confirmed unless you choose another.'
      : 'A new status, e.g. Showed or No-Show after the meeting. Leave empty to keep the current status. (To cancel, you can also use "Cancel Appointment".)',
  ...o,
});

export const appointmentUserField = (action: 'create' | 'update'): PlainInputField =>
  userIdField({
    key: 'assignedUserId',
    label: 'Assigned User',
    helpText:
      action === 'create'
        ? 'The team member the appointment is booked with (Settings → My Staff). HighLevel needs one when booking through its API, so if you leave this empty ' +
          'the appointment is assigned to the HighLevel user who connected this account to Zapier. For round-robin or team calendars, pick the team member.'
        : 'Reassign the appointment to this team member. Leave empty to keep the current one. If HighLevel answers "Either userId or assignedUserId must be set", pick the user here.',
  });

/** The optional properties shared by create and update, in the order the editor shows them. */
export const detailFields = (action: 'create' | 'update'): PlainInputField[] => {
  const keep = action === 'update' ? ' Leave empty to keep the current one.' : '';
  return [
    {
      key: 'title',
      label: 'Title',
      type: 'string',
      required: false,
      helpText: `The appointment title shown on the HighLevel calendar, e.g. "Consultation with Maria".${keep || ' Optional.'}`,
    },
    {
      key: 'description',
      label: 'Description',
      type: 'text',
      required: false,
      helpText: `Details or agenda of the appointment.${keep || ' Optional.'}`,
    },
    {
      key: 'meetingLocationType',
      label: 'Meeting Location Type',
      type: 'string',
      required: false,
      choices: MEETING_TYPE_CHOICES,
      helpText:
        "Where the meeting happens. Leave empty to use the calendar's configured meeting location" +
        (action === 'update' ? ' (or keep the current one).' : '.') +
        ' With Address filled in and this empty, HighLevel uses Custom.',
    },
    {
      key: 'address',
      label: 'Address',
      type: 'string',
      required: false,
      helpText: `The meeting address, phone number or link, e.g. "12 Main St, Springfield" or a Zoom link.${keep}`,
    },
    {
      key: 'toNotify',
      label: 'Run HighLevel Automations',
      type: 'boolean',
      required: false,
      helpText:
        "Yes lets HighLevel run its appointment workflows and notifications for this change; No books it silently. Leave empty for HighLevel's default (Yes).",
    },
    {
      key: 'ignoreFreeSlotValidation',
      label: 'Ignore Availability',
      type: 'boolean',
      required: false,
      helpText:
        'Yes books the time even if it is not a free slot of the calendar (outside its hours, already taken, or outside its minimum notice/date range). ' +
        'Leave empty (No) to let HighLevel refuse times that are not available.',
    },
  ];
};

/** Calendar or user whose appointments a trigger watches (GET /calendars/events needs one of them). */
export const watchFields = (): PlainInputField[] => [
  calendarIdField({
    required: false,
    helpText:
      'The calendar to watch (Calendars → Calendar Settings). Pick one, or leave empty and choose a User instead. Fill in Calendar, User or both.',
  }),
  userIdField({
    key: 'userId',
    label: 'User',
    helpText:
      "The team member whose appointments to watch, on all their calendars (Settings → My Staff). With a Calendar chosen too, only that user's appointments on that calendar count.",
  }),
];

// ---- input parsing (before any request) -----------------------------------------------------------------------

function choice(value: unknown, label: string, choices: { value: string; label: string }[]): string | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const hit = choices.find((c) => c.value === t.toLowerCase() || c.label.toLowerCase() === t.toLowerCase());
  if (!hit)
    throw inputError(label, `must be one of ${choices.map((c) => `${c.label} (\`${c.value}\`)`).join(', ')} — got "${t.slice(0, 40)}".`);
  return hit.value;
}

export const parseStatus = (value: unknown, label = 'Status') => choice(value, label, STATUS_CHOICES);

/** Duration in whole minutes, 1 minute to 7 days. */
export function parseDuration(value: unknown, label = 'Duration (Minutes)'): number | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1 || n > 7 * 24 * 60)
    throw inputError(label, `must be a whole number of minutes from 1 to 10080, e.g. 30 — got "${t.slice(0, 40)}".`);
  return n;
}

// ---- time zones ------------------------------------------------------------------------------------------------

export function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The timezone for times without one: the Timezone input, else the Zap's timezone, else UTC. */
export function resolveTimezone(input: Input, bundle: Bundle): string {
  const chosen = text(input.timezone);
  if (chosen) {
    if (!isTimezone(chosen))
      throw inputError('Timezone', `must be a timezone name such as America/New_York or Europe/London — got "${chosen.slice(0, 40)}".`);
    return chosen;
  }
  const zap = text(bundle.meta?.timezone);
  return zap && isTimezone(zap) ? zap : 'UTC';
}

/** Minutes the zone is ahead of UTC at that instant (e.g. -300 for New York in winter). */
export function offsetMinutes(date: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time has in a zone. Around DST changes it does what calendars do: a time that occurs
 * twice (autumn) is the first one; a time skipped (spring) moves forward by the gap (02:30 → 03:30).
 */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = offsetMinutes(new Date(wall - DAY), tz);
  const after = offsetMinutes(new Date(wall + DAY), tz);
  const fits = [before, after]
    .map((off) => wall - off * 60_000)
    .filter((t) => wall - offsetMinutes(new Date(t), tz) * 60_000 === t)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? wall - before * 60_000);
}

/** ISO 8601 in the zone with its offset, without milliseconds: `2026-12-01T14:00:00-05:00` (`Z` for UTC). */
export function isoInZone(date: Date, tz: string): string {
  const off = offsetMinutes(date, tz);
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + off * 60_000).toISOString().slice(0, 19);
  if (off === 0) return `${local}Z`;
  const abs = Math.abs(off);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT)(?:[+-]\d{1,4})?|\b[ECMP][SD]T)\s*$/i;
const NAIVE_ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * A start/end input → the instant. Epoch seconds/milliseconds and texts with an offset are exact; a text without
 * one (`2026-12-01 14:00`, `12/01/2026 2:00 PM`) is that wall-clock time in `tz`. A date without a time of day
 * is refused: an appointment needs one.
 */
export function parseAppointmentTime(value: unknown, label: string, tz: string): Date {
  const raw = value instanceof Date ? value.toISOString() : text(value);
  const bad = (why = '') =>
    inputError(
      label,
      `must be a date and time such as 2026-12-01 14:00 or 2026-12-01T14:00:00-05:00${why} — got "${String(raw ?? '').slice(0, 60)}".`,
    );
  if (!raw) throw bad();
  if (/^\d{9,13}$/.test(raw)) return new Date(raw.length <= 10 ? Number(raw) * 1000 : Number(raw));
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw bad(' (a time of day is needed, not only a date)');
  if (HAS_ZONE.test(raw) || /\bGMT[+-]\d{2}:?\d{2}\b/i.test(raw)) {
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) throw bad();
    return d;
  }
  const iso = NAIVE_ISO.exec(raw);
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso.map(Number) as number[];
    if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || (s ?? 0) > 59) throw bad();
    return zonedTime(y!, mo!, d!, h!, mi!, Number.isNaN(s) ? 0 : s!, tz);
  }
  // Other human forms ("Dec 1, 2026 2:00 PM", "12/01/2026 14:00"): JavaScript reads them as wall-clock times,
  // which the local getters give back unchanged; they are then placed in `tz`.
  const local = new Date(raw);
  if (Number.isNaN(local.getTime())) throw bad();
  if (!/\d{1,2}:\d{2}|\d\s*[ap]\.?m\b/i.test(raw)) throw bad(' (a time of day is needed, not only a date)');
  return zonedTime(
    local.getFullYear(),
    local.getMonth() + 1,
    local.getDate(),
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    tz,
  );
}

// ---- request bodies ---------------------------------------------------------------------------------------------

/** The current start/end of an appointment, for an update that keeps its length (read only when needed). */
export interface CurrentTimes {
  start?: Date;
  end?: Date;
}

/** Does this update need the appointment's current times (new start without new end, or a duration alone)? */
export function updateNeedsCurrentTimes(input: Input): boolean {
  const hasStart = text(input.startTime) !== undefined;
  const hasEnd = text(input.endTime) !== undefined;
  const hasDuration = text(input.duration) !== undefined;
  return !hasEnd && ((hasStart && !hasDuration) || (!hasStart && hasDuration));
}

/**
 * `AppointmentCreateSchema` (create) or `AppointmentEditSchema` (update) from the inputs — only the properties the
 * user filled in, only properties the spec declares. Throws before any request on invalid input.
 */
export function appointmentBody(
  input: Input,
  bundle: Bundle,
  action: 'create' | 'update',
  current: CurrentTimes = {},
): Record<string, unknown> {
  const tz = resolveTimezone(input, bundle);
  const out: Record<string, unknown> = {};

  if (action === 'create') {
    out.calendarId = requiredId(input.calendarId, 'Calendar');
    out.locationId = locationId(bundle);
    out.contactId = requiredId(input.contactId, 'Contact');
  } else {
    const calendarId = text(input.calendarId);
    if (calendarId) out.calendarId = calendarId;
  }

  // Times: End Time wins over Duration; an update without either keeps the appointment's current length.
  const start = text(input.startTime) !== undefined ? parseAppointmentTime(input.startTime, 'Start Time', tz) : undefined;
  if (action === 'create' && !start)
    throw inputError('Start Time', 'is required: map or type when the appointment starts, e.g. 2026-12-01 14:00.');
  const duration = parseDuration(input.duration);
  let end = text(input.endTime) !== undefined ? parseAppointmentTime(input.endTime, 'End Time', tz) : undefined;
  if (!end && duration !== undefined) {
    const from = start ?? current.start;
    if (from) end = new Date(from.getTime() + duration * 60_000);
  }
  if (!end && start && current.start && current.end && current.end > current.start) {
    end = new Date(start.getTime() + (current.end.getTime() - current.start.getTime()));
  }
  const effectiveStart = start ?? current.start;
  if (end && effectiveStart && end.getTime() <= effectiveStart.getTime()) {
    throw inputError('End Time', `must be after the start time (${isoInZone(effectiveStart, tz)}) — got ${isoInZone(end, tz)}.`);
  }
  if (start) out.startTime = isoInZone(start, tz);
  if (end) out.endTime = isoInZone(end, tz);

  const title = text(input.title);
  if (title) out.title = title;
  const description = text(input.description);
  if (description) out.description = description;
  const status = parseStatus(input.appointmentStatus);
  if (status) out.appointmentStatus = status;

  const assigned = text(input.assignedUserId) ?? (action === 'create' ? text(bundle.authData?.userId) : undefined);
  if (assigned) out.assignedUserId = assigned;

  const meetingType = choice(input.meetingLocationType, 'Meeting Location Type', MEETING_TYPE_CHOICES);
  if (meetingType) out.meetingLocationType = meetingType;
  const address = text(input.address);
  if (address) out.address = address;
  // The spec: overrideLocationConfig must be true when a location is given instead of a calendar location id.
  if (meetingType || address) out.overrideLocationConfig = true;

  const toNotify = parseBoolean(input.toNotify, 'Run HighLevel Automations');
  if (toNotify !== undefined) out.toNotify = toNotify;
  const ignore = parseBoolean(input.ignoreFreeSlotValidation, 'Ignore Availability');
  if (ignore) out.ignoreFreeSlotValidation = true;

  const changes = Object.keys(out).some((k) => k !== 'toNotify' && k !== 'ignoreFreeSlotValidation') || duration !== undefined;
  if (action === 'update' && !changes) {
    throw new errors.Error(
      'Nothing to update: fill in at least one of Start Time, End Time, Duration, Status, Assigned User, Title, Description, Meeting Location Type, Address or Calendar. Fields left empty keep their current value.',
      'invalid_input',
      400,
    );
  }
  return out;
}

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
    throw new z.errors.Error(
      `HighLevel answered the ${what} without the appointment. Check the calendar in HighLevel before running the step again.`,
      'unexpected_response',
      200,
    );
  }
  return shapeAppointment(appointment, fallback);
}

/** "Tue, Dec 1, 2026, 2:00 PM EST": an instant as people read it, in a zone. */
export function whenLabel(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  })
    .format(new Date(ms))
    .replace(/\u202f/g, ' ');
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

/**
 * Create/edit with the answers a booking can expect explained: a time that is not a free slot (points at
 * "Ignore Availability") and the missing assignee (#23). Every other error goes the usual way (lib/errors.ts).
 */
export async function bookingRequest(z: ZObject, req: GhlRequest): Promise<unknown> {
  const response: HttpResponse = await ghlResponse(z, { ...req, skipThrowForStatus: true });
  if (response.status < 400) return response.data;
  const said = messagesOf(response).join('; ');
  if ((response.status === 400 || response.status === 422) && SLOT.test(said)) {
    throw new z.errors.Error(
      `HighLevel did not book this time (HighLevel said: "${said}"). The calendar has no free slot then: pick another Start Time, ` +
        'check the calendar\'s availability and the Assigned User, or set "Ignore Availability" to Yes to book it anyway.',
      'slot_not_available',
      response.status,
    );
  }
  if ((response.status === 400 || response.status === 422) && NEEDS_USER.test(said)) {
    throw new z.errors.Error(
      `HighLevel needs a team member for this appointment (HighLevel said: "${said}"). Pick the Assigned User in this step.`,
      'assigned_user_required',
      response.status,
    );
  }
  throw toZapierError(response, z);
}

/** One appointment by id (`GET /calendars/events/appointments/{id}` → `{ event }`); undefined when HighLevel has none. */
export async function fetchAppointment(z: ZObject, id: string): Promise<Appointment | undefined> {
  const event = (await ghlOrNone<{ event?: Record<string, any> }>(z, { path: ghlPath`/calendars/events/appointments/${id}` }))?.event;
  return event?.id ? shapeAppointment(event) : undefined;
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

/** Was this date within the last `WINDOW.recentDays` (or is it unknown)? */
export const isRecent = (value: unknown, now = clock.now()): boolean => {
  const t = timeOf(value);
  return t === -Infinity || t >= now - WINDOW.recentDays * DAY;
};

// ---- samples and output fields -------------------------------------------------------------------------------------

/** What create/update/cancel return: HighLevel's bare `AppointmentSchemaResponse` (no dateAdded/dateUpdated). */
export const APPOINTMENT_SAMPLE = {
  id: '0TkCdp9PfvLeWKYRRvIz',
  calendarId: 'BqTwX8QFwXzpegMve9EQ',
  contactId: 'sx6wyHhbFdRXh302LLNR',
  locationId: 've9EPM428h8vShlRW1KT',
  title: 'Consultation with Maria Lopez',
  appointmentStatus: 'confirmed',
  assignedUserId: 'hxHGVRb1YJUscrCB8eXK',
  startTime: '2026-12-01T19:00:00.000Z',
  endTime: '2026-12-01T19:30:00.000Z',
  address: 'https://zoom.us/j/98765432100',
  meetingLocationType: 'zoom',
  isRecurring: false,
};

/** What triggers and Get Appointment return: HighLevel's `CalendarEventDTO`. */
export const EVENT_SAMPLE = {
  id: '0TkCdp9PfvLeWKYRRvIz',
  calendarId: 'BqTwX8QFwXzpegMve9EQ',
  contactId: 'sx6wyHhbFdRXh302LLNR',
  locationId: 've9EPM428h8vShlRW1KT',
  groupId: 'ocQHyuzHvysMo5N5VsXc',
  title: 'Consultation with Maria Lopez',
  appointmentStatus: 'confirmed',
  assignedUserId: 'hxHGVRb1YJUscrCB8eXK',
  users: ['hxHGVRb1YJUscrCB8eXK'],
  startTime: '2026-12-01T19:00:00.000Z',
  endTime: '2026-12-01T19:30:00.000Z',
  address: 'https://zoom.us/j/98765432100',
  notes: 'Wants a quote for 12 seats.',
  isRecurring: false,
  dateAdded: '2026-11-20T15:04:05.000Z',
  dateUpdated: '2026-11-20T15:04:05.000Z',
};

/** What Find Appointments for Contact returns: `GetEventSchema`, times made ISO. */
export const CONTACT_APPOINTMENT_SAMPLE = {
  id: '0TkCdp9PfvLeWKYRRvIz',
  calendarId: 'BqTwX8QFwXzpegMve9EQ',
  contactId: 'sx6wyHhbFdRXh302LLNR',
  locationId: 've9EPM428h8vShlRW1KT',
  groupId: 'ocQHyuzHvysMo5N5VsXc',
  title: 'Consultation with Maria Lopez',
  status: 'booked',
  appointmentStatus: 'confirmed',
  assignedUserId: 'hxHGVRb1YJUscrCB8eXK',
  users: ['hxHGVRb1YJUscrCB8eXK'],
  startTime: '2026-12-01T19:00:00.000Z',
  endTime: '2026-12-01T19:30:00.000Z',
  address: 'https://zoom.us/j/98765432100',
  notes: 'Wants a quote for 12 seats.',
  dateAdded: '2026-11-20T15:04:05.000Z',
  dateUpdated: '2026-11-20T15:04:05.000Z',
};

const COMMON_OUTPUT: PlainOutputField[] = [
  { key: 'id', label: 'Appointment ID' },
  { key: 'calendarId', label: 'Calendar ID' },
  { key: 'contactId', label: 'Contact ID' },
  { key: 'locationId', label: 'Sub-Account (Location) ID' },
  { key: 'title', label: 'Title' },
  { key: 'appointmentStatus', label: 'Status' },
  { key: 'assignedUserId', label: 'Assigned User ID' },
  { key: 'startTime', label: 'Start Time', type: 'datetime' },
  { key: 'endTime', label: 'End Time', type: 'datetime' },
  { key: 'address', label: 'Address / Meeting Link' },
];

export const APPOINTMENT_OUTPUT_FIELDS: PlainOutputField[] = [
  ...COMMON_OUTPUT,
  { key: 'meetingLocationType', label: 'Meeting Location Type' },
  { key: 'isRecurring', label: 'Is Recurring', type: 'boolean' },
];

export const CONTACT_APPOINTMENT_OUTPUT_FIELDS: PlainOutputField[] = [
  ...COMMON_OUTPUT,
  { key: 'groupId', label: 'Calendar Group ID' },
  { key: 'notes', label: 'Notes' },
  { key: 'users', label: 'User IDs' },
  { key: 'dateAdded', label: 'Date Added', type: 'datetime' },
  { key: 'dateUpdated', label: 'Date Updated', type: 'datetime' },
];

export const EVENT_OUTPUT_FIELDS: PlainOutputField[] = [
  ...CONTACT_APPOINTMENT_OUTPUT_FIELDS,
  { key: 'isRecurring', label: 'Is Recurring', type: 'boolean' },
];
