/** Get Appointment — GET /calendars/events/appointments/{id} → `{ event }` (one request); no such appointment → no result. */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import {
  eventOutputFields,
  eventSample,
  appointmentContactField,
  appointmentIdField,
  fetchAppointment,
} from '../lib/appointments/index.js';
import { requiredId } from '../lib/inputs.js';

const inputFields = [appointmentContactField(), appointmentIdField()];

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.appointmentId, 'Appointment');
  const appointment = await fetchAppointment(z, id);
  return appointment ? [appointment] : [];
}) satisfies SearchPerform;

export default defineSearch({
  key: 'get_appointment' as const,
  noun: 'Appointment',
  display: { label: 'Get Appointment', description: 'Gets an appointment by its ID, with its calendar, contact, status and times.' },
  operation: { inputFields, perform, sample: eventSample, outputFields: eventOutputFields },
});
