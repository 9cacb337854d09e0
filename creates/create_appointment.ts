/**
 * Create Appointment — POST /calendars/events/appointments (one request); returns HighLevel's bare appointment.
 * Without an Assigned User, one read of the calendar (GET /calendars/{id}, cached 5 minutes) picks the team member
 * HighLevel needs (lib/appointments/api.ts defaultAssignee).
 */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import {
  appointmentOutputFields,
  appointmentSample,
  appointmentBody,
  appointmentUserField,
  appointmentFrom,
  bookingRequest,
  defaultAssignee,
  hasAssignee,
  detailFields,
  durationField,
  endTimeField,
  startTimeField,
  statusField,
  timezoneField,
} from '../lib/appointments/index.js';
import { calendarIdField, contactIdField } from '../lib/fields.js';

const inputFields = [
  calendarIdField({ helpText: 'The calendar to book on (Calendars → Calendar Settings). Pick one, or map a **Calendar ID**.' }),
  contactIdField({
    helpText:
      'Who the appointment is with. Pick a contact, or map the **Contact ID** from an earlier step (for example "Find Contact" or "Create or Update Contact").',
  }),
  startTimeField('create'),
  endTimeField('create'),
  durationField('create'),
  timezoneField(),
  statusField('create'),
  appointmentUserField('create'),
  ...detailFields('create'),
];

/** Create has times and Assigned User. */
const STEP = { times: true, assignee: true, fields: { user: 'Assigned User' } };

const perform = (async (z, bundle) => {
  let body = appointmentBody(bundle.inputData, bundle, 'create'); // validates every input before any request
  if (!hasAssignee(bundle.inputData))
    body = appointmentBody(bundle.inputData, bundle, 'create', {
      assignedUserId: await defaultAssignee(z, bundle, body.calendarId as string),
    });
  const data = await bookingRequest(z, { method: 'POST', path: '/calendars/events/appointments', body }, STEP);
  return appointmentFrom(z, data, 'booking', { contactId: body.contactId as string, calendarId: body.calendarId as string });
}) satisfies CreatePerform;

export default defineCreate({
  key: 'create_appointment' as const,
  noun: 'Appointment',
  display: {
    label: 'Create Appointment',
    description: 'Creates (books) an appointment for a contact on a HighLevel calendar.',
  },
  operation: { inputFields, perform, sample: appointmentSample, outputFields: appointmentOutputFields },
});
