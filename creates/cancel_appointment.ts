/** Cancel Appointment — PUT /calendars/events/appointments/{id} with status cancelled (one request); the appointment stays in HighLevel. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import {
  appointmentOutputFields,
  appointmentSample,
  appointmentContactField,
  appointmentFrom,
  appointmentIdField,
  bookingRequest,
  detailFields,
} from '../lib/appointments/index.js';
import { ghlPath } from '../lib/client.js';
import { parseBoolean, requiredId } from '../lib/inputs.js';

const notifyField = detailFields('update').find((f) => f.key === 'toNotify')!;

const inputFields = [appointmentContactField(), appointmentIdField(), notifyField];

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.appointmentId, 'Appointment');
  const body: Record<string, unknown> = { appointmentStatus: 'cancelled' };
  const toNotify = parseBoolean(bundle.inputData.toNotify, 'Run HighLevel Automations');
  if (toNotify !== undefined) body.toNotify = toNotify;
  const data = await bookingRequest(z, { method: 'PUT', path: ghlPath`/calendars/events/appointments/${id}`, body });
  return appointmentFrom(z, data, 'cancellation', { contactId: bundle.inputData.contactId as string | undefined });
}) satisfies CreatePerform;

export default defineCreate({
  key: 'cancel_appointment' as const,
  noun: 'Appointment',
  display: {
    label: 'Cancel Appointment',
    description: "Cancels an appointment (sets its status to Cancelled; it stays on the calendar's records).",
  },
  operation: {
    inputFields,
    perform,
    sample: { ...appointmentSample, appointmentStatus: 'cancelled' },
    outputFields: appointmentOutputFields,
  },
});
