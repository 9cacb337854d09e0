/**
 * /calendars/* (calendars.json, Version 2021-04-15): calendars and groups, the events window (by start time,
 * epoch-ms params, one of calendarId/userId/groupId), appointment create/edit (bare responses), get (`{ event }`)
 * and delete (201 `{ succeeded: true }` — calendars spell it right). Event times carry the location's offset.
 */
import { ApiError, FORBIDDEN_LOCATION, badRequest, iso, isoInZone, locOf, ok, queryString, sameLocation, toMs } from './http.ts';
import type { Ctx, Handler } from './http.ts';
import { contactOf } from './contacts.ts';
import { fullName } from './store.ts';
import type { Appointment, Calendar, LocationData } from './store.ts';

function calendarOut(c: Calendar): Record<string, unknown> {
  return {
    id: c.id,
    locationId: c.locationId,
    ...(c.groupId ? { groupId: c.groupId } : {}),
    name: c.name,
    description: c.description,
    slug: c.slug,
    widgetSlug: c.slug,
    calendarType: c.calendarType,
    eventType: 'RoundRobin_OptimizeForAvailability',
    widgetType: 'classic',
    eventTitle: '{{contact.name}}',
    eventColor: c.eventColor,
    teamMembers: c.teamMembers.map((m) => ({
      ...m,
      meetingLocationType: 'custom',
      locationConfigurations: [{ kind: 'physical', location: 'Office' }],
    })),
    slotDuration: c.slotDuration,
    slotDurationUnit: 'mins',
    ...(c.openHours ? { openHours: c.openHours } : {}),
    slotInterval: c.slotDuration,
    slotIntervalUnit: 'mins',
    slotBuffer: 0,
    preBuffer: 0,
    appoinmentPerSlot: 1,
    allowBookingAfter: 0,
    allowBookingFor: 30,
    allowBookingForUnit: 'days',
    autoConfirm: true,
    allowReschedule: true,
    allowCancellation: true,
    isActive: c.isActive,
  };
}

function eventOut(loc: LocationData, a: Appointment): Record<string, unknown> {
  const tz = loc.location.timezone;
  return {
    id: a.id,
    address: a.address ?? '',
    title: a.title,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    groupId: a.groupId ?? '',
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    users: [...a.users],
    notes: a.notes ?? '',
    isRecurring: Boolean(a.rrule),
    ...(a.rrule ? { rrule: a.rrule } : {}),
    startTime: isoInZone(a.startTime, tz),
    endTime: isoInZone(a.endTime, tz),
    dateAdded: iso(a.dateAdded),
    dateUpdated: iso(a.dateUpdated),
    assignedResources: [],
    createdBy: a.createdBy,
  };
}

/** The bare `AppointmentSchemaResponse` of create/edit (no dateAdded/dateUpdated, HighLevel #246). */
function appointmentOut(loc: LocationData, a: Appointment): Record<string, unknown> {
  const tz = loc.location.timezone;
  return {
    id: a.id,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    startTime: isoInZone(a.startTime, tz),
    endTime: isoInZone(a.endTime, tz),
    title: a.title,
    meetingLocationType: a.meetingLocationType ?? 'default',
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    address: a.address ?? '',
    isRecurring: Boolean(a.rrule),
    ...(a.rrule ? { rrule: a.rrule } : {}),
  };
}

export function calendarOf(ctx: Ctx, id: string | undefined): { loc: LocationData; calendar: Calendar } {
  const loc = locOf(ctx);
  const calendar = id ? loc.calendars.get(id) : undefined;
  if (calendar) return { loc, calendar };
  for (const other of ctx.store.locations.values()) if (id && other.calendars.has(id)) throw new ApiError(403, FORBIDDEN_LOCATION);
  throw badRequest('Calendar not found');
}

function appointmentOf(ctx: Ctx, eventId: string | undefined): { loc: LocationData; appointment: Appointment } {
  const loc = locOf(ctx);
  const id = (eventId ?? '').split('_')[0]!; // a recurring instance id is <id>_<startMs>_<duration>
  const appointment = loc.appointments.get(id);
  if (appointment) return { loc, appointment };
  if (ctx.store.locationOfAppointment(id)) throw new ApiError(403, FORBIDDEN_LOCATION);
  throw badRequest('Appointment not found');
}

function instantOf(value: unknown, field: string): number {
  const ms = toMs(value);
  if (ms === undefined) throw new ApiError(422, [`${field} must be a valid ISO 8601 date string`], { error: 'Unprocessable Entity' });
  return ms;
}

/** The slot rule HighLevel applies unless ignoreFreeSlotValidation: the user has no other live appointment then. */
/** Has the user no other live appointment overlapping start–end? (Booking and free slots apply the same rule.) */
export function userFree(loc: LocationData, userId: string, start: number, end: number, exceptId?: string): boolean {
  for (const a of loc.appointments.values()) {
    if (a.id === exceptId || a.appointmentStatus === 'cancelled' || a.assignedUserId !== userId) continue;
    if (a.startTime < end && start < a.endTime) return false;
  }
  return true;
}

function assertSlotFree(loc: LocationData, userId: string, start: number, end: number, exceptId?: string): void {
  if (!userFree(loc, userId, start, end, exceptId)) throw badRequest('The slot you have selected is no longer available.');
}

/** HighLevel refuses a create or edit without `userId`/`assignedUserId` with 422 (highlevel-api-docs #23). */
function requireAssignee(b: Record<string, any>): string {
  const user = typeof b.assignedUserId === 'string' && b.assignedUserId ? b.assignedUserId : undefined;
  if (!user) throw new ApiError(422, ['Either userId or assignedUserId must be set'], { error: 'Unprocessable Entity' });
  return user;
}

export const calendarHandlers: Record<string, Handler> = {
  'get-calendars': (ctx) => {
    const loc = sameLocation(ctx, queryString(ctx, 'locationId'));
    const groupId = queryString(ctx, 'groupId');
    const calendars = [...loc.calendars.values()].filter((c) => !groupId || c.groupId === groupId).map(calendarOut);
    return ok({ calendars });
  },

  'get-calendar': (ctx) => ok({ calendar: calendarOut(calendarOf(ctx, ctx.params.calendarId).calendar) }),

  'get-groups': (ctx) => {
    const loc = sameLocation(ctx, queryString(ctx, 'locationId'));
    return ok({
      groups: [...loc.groups.values()].map((g) => ({
        id: g.id,
        locationId: g.locationId,
        name: g.name,
        description: g.description,
        slug: g.slug,
        isActive: g.isActive,
      })),
    });
  },

  'get-calendar-events': (ctx) => {
    const loc = sameLocation(ctx, queryString(ctx, 'locationId'));
    const calendarId = queryString(ctx, 'calendarId');
    const userId = queryString(ctx, 'userId');
    const groupId = queryString(ctx, 'groupId');
    if (!calendarId && !userId && !groupId) throw badRequest('One of calendarId, userId or groupId is required');
    const start = queryString(ctx, 'startTime') ?? '';
    const end = queryString(ctx, 'endTime') ?? '';
    if (!/^\d+$/.test(start) || !/^\d+$/.test(end)) throw badRequest('startTime and endTime must be epoch milliseconds');
    const from = Number(start);
    const to = Number(end);
    const events = [...loc.appointments.values()]
      .filter((a) => a.startTime >= from && a.startTime <= to)
      .filter(
        (a) =>
          (!calendarId || a.calendarId === calendarId) &&
          (!groupId || a.groupId === groupId) &&
          (!userId || a.assignedUserId === userId || a.users.includes(userId)),
      )
      .sort((a, b) => a.startTime - b.startTime)
      .map((a) => eventOut(loc, a));
    return ok({ events });
  },

  'create-appointment': (ctx) => {
    const b = ctx.body;
    const loc = sameLocation(ctx, b.locationId);
    const { calendar } = calendarOf(ctx, b.calendarId);
    const { contact } = contactOf(ctx, b.contactId);
    const start = instantOf(b.startTime, 'startTime');
    const end = b.endTime !== undefined ? instantOf(b.endTime, 'endTime') : start + calendar.slotDuration * 60_000;
    if (end <= start) throw badRequest('endTime must be after startTime');
    // HighLevel's API does not pick a team member itself: a booking without one is refused (#23).
    const assignedUserId = requireAssignee(b);
    if (!b.ignoreFreeSlotValidation) assertSlotFree(loc, assignedUserId, start, end);
    const now = ctx.store.now();
    const appointment: Appointment = {
      id: ctx.store.newId(),
      locationId: loc.location.id,
      calendarId: calendar.id,
      contactId: contact.id,
      groupId: calendar.groupId,
      title: b.title ?? (fullName(contact) || calendar.name),
      appointmentStatus: b.appointmentStatus ?? 'confirmed',
      assignedUserId,
      users: [assignedUserId],
      address: b.address,
      meetingLocationType: b.meetingLocationType,
      meetingLocationId: b.meetingLocationId,
      rrule: b.rrule,
      startTime: start,
      endTime: end,
      dateAdded: now,
      dateUpdated: now,
      createdBy: { userId: ctx.token.userId, source: 'third_party' },
    };
    loc.appointments.set(appointment.id, appointment);
    ctx.store.emit({ type: 'AppointmentCreate', loc, record: appointment });
    return ok(appointmentOut(loc, appointment));
  },

  'edit-appointment': (ctx) => {
    const b = ctx.body;
    const { loc, appointment: a } = appointmentOf(ctx, ctx.params.eventId);
    if (b.calendarId !== undefined) {
      const { calendar } = calendarOf(ctx, b.calendarId);
      a.calendarId = calendar.id;
      a.groupId = calendar.groupId; // the event moves to the new calendar's group (or none)
    }
    requireAssignee(b); // even a status-only edit (#23)
    const duration = a.endTime - a.startTime;
    const start = b.startTime !== undefined ? instantOf(b.startTime, 'startTime') : a.startTime;
    const end = b.endTime !== undefined ? instantOf(b.endTime, 'endTime') : b.startTime !== undefined ? start + duration : a.endTime;
    if (end <= start) throw badRequest('endTime must be after startTime');
    const user: string = b.assignedUserId;
    const moved = start !== a.startTime || end !== a.endTime || user !== a.assignedUserId;
    if (moved && !b.ignoreFreeSlotValidation) assertSlotFree(loc, user, start, end, a.id);
    for (const k of ['title', 'meetingLocationType', 'meetingLocationId', 'appointmentStatus', 'address', 'rrule'] as const)
      if (b[k] !== undefined) (a as any)[k] = b[k];
    a.assignedUserId = user;
    if (!a.users.includes(user)) a.users = [user];
    a.startTime = start;
    a.endTime = end;
    a.dateUpdated = Math.max(ctx.store.now(), a.dateUpdated + 1);
    ctx.store.emit({ type: 'AppointmentUpdate', loc, record: a });
    return ok(appointmentOut(loc, a));
  },

  'get-appointment': (ctx) => {
    const { loc, appointment } = appointmentOf(ctx, ctx.params.eventId);
    return ok({ event: eventOut(loc, appointment) });
  },

  'delete-event': (ctx) => {
    const { loc, appointment } = appointmentOf(ctx, ctx.params.eventId);
    loc.appointments.delete(appointment.id);
    ctx.store.emit({ type: 'AppointmentDelete', loc, record: appointment });
    return ok({ succeeded: true }, 201);
  },
};
