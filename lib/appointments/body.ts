/**
 * Request bodies for create (`AppointmentCreateSchema`) and edit (`AppointmentEditSchema`): only properties the
 * spec declares (HighLevel answers unknown ones with 422), every input checked before any request.
 */
import type { Bundle } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { locationId } from '../client.js';
import { inputError } from '../errors.js';
import { parseBoolean, requiredId, text } from '../inputs.js';
import { MEETING_TYPE_CHOICES, STATUS_CHOICES } from './fields.js';
import { isoInZone, parseAppointmentTime, resolveTimezone } from './timezones.js';

type Input = Record<string, unknown>;

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

// ---- request bodies ---------------------------------------------------------------------------------------------

/**
 * What the body needs beyond the inputs, read only when needed: for an update the appointment's current start/end
 * (to keep its length) and assignee (HighLevel refuses an edit without one, #23); for a create the default assignee.
 */
export interface Known {
  start?: Date;
  end?: Date;
  assignedUserId?: string;
}

/** Was an Assigned User given? Without one, a create picks one and an edit keeps the current one (each one read). */
export const hasAssignee = (input: Input): boolean => text(input.assignedUserId) !== undefined;

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
export function appointmentBody(input: Input, bundle: Bundle, action: 'create' | 'update', current: Known = {}): Record<string, unknown> {
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

  const assigned = text(input.assignedUserId);
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
  if (!assigned && current.assignedUserId) out.assignedUserId = current.assignedUserId;
  return out;
}
