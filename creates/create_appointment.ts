/** Create Appointment — POST /calendars/events/appointments (one request); returns HighLevel's bare appointment. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import {
  appointmentOutputFields,
  appointmentSample,
  appointmentBody,
  appointmentUserField,
  appointmentFrom,
  bookingRequest,
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

const perform = (async (z, bundle) => {
  const body = appointmentBody(bundle.inputData, bundle, 'create');
  const data = await bookingRequest(z, { method: 'POST', path: '/calendars/events/appointments', body });
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
