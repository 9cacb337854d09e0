/**
 * The vocabulary every appointment operation shares: choices, input fields (with help text), samples and output
 * fields. HighLevel's schemas behind them: docs/appointments.md.
 */
import type { PlainInputField, PlainOutputField } from 'zapier-platform-core';
import { calendarIdField, contactIdField, userIdField } from '../fields.js';

type Overrides = Partial<PlainInputField>;

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

/**
 * The appointment to act on. Its dropdown lists the chosen contact's appointments, or without a contact the connected
 * user's (appointment_list); no `dependsOn`, so a Zap that has only an appointment ID can use the field at once.
 */
export const appointmentIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'appointmentId',
  label: 'Appointment',
  type: 'string',
  required: true,
  dynamic: 'appointment_list.id.label',
  search: 'find_appointments.id',
  helpText:
    'The HighLevel appointment. Map the **Appointment ID** from an earlier step (for example "Create Appointment", "Find Appointments for Contact" or the ' +
    '"New Appointment" trigger), or pick one: the dropdown lists the appointments of the Contact chosen above, or without one the upcoming appointments ' +
    'of the HighLevel user who connected this account.',
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
        ? 'The team member the appointment is booked with (Settings → My Staff). HighLevel needs one when booking through its API and does not pick one itself, ' +
          'so if you leave this empty: on a calendar with a team, the HighLevel user who connected this account if they are on the team, otherwise the ' +
          "calendar's primary (or highest-priority) team member; on a calendar without a team, the connected user. To spread bookings over a round-robin team, " +
          'use "Find Free Slots" with a Team Member and map that user here.'
        : 'Reassign the appointment to this team member. Leave empty to keep the current one (HighLevel needs an assignee on every change, so the appointment is read first).',
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

// ---- samples and output fields -------------------------------------------------------------------------------------

/** What create/update/cancel return: HighLevel's bare `AppointmentSchemaResponse` (no dateAdded/dateUpdated). */
export const appointmentSample = {
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
export const eventSample = {
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
export const contactAppointmentSample = {
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

const commonOutputFields: PlainOutputField[] = [
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

export const appointmentOutputFields: PlainOutputField[] = [
  ...commonOutputFields,
  { key: 'meetingLocationType', label: 'Meeting Location Type' },
  { key: 'isRecurring', label: 'Is Recurring', type: 'boolean' },
];

export const contactAppointmentOutputFields: PlainOutputField[] = [
  ...commonOutputFields,
  { key: 'groupId', label: 'Calendar Group ID' },
  { key: 'notes', label: 'Notes' },
  { key: 'users', label: 'User IDs' },
  { key: 'dateAdded', label: 'Date Added', type: 'datetime' },
  { key: 'dateUpdated', label: 'Date Updated', type: 'datetime' },
];

export const eventOutputFields: PlainOutputField[] = [
  ...contactAppointmentOutputFields,
  { key: 'isRecurring', label: 'Is Recurring', type: 'boolean' },
];
