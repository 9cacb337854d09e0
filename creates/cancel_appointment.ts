/**
 * Cancel Appointment — PUT /calendars/events/appointments/{id} with status cancelled; the appointment stays in
 * HighLevel. HighLevel refuses an edit without an assignee (#23), so the appointment is read first (GET) and its
 * current assignee sent along: two requests.
 */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import {
  appointmentOutputFields,
  appointmentSample,
  appointmentContactField,
  appointmentFrom,
  appointmentIdField,
  bookingRequest,
  currentAppointment,
  detailFields,
} from '../lib/appointments/index.js';
import { ghlPath } from '../lib/client.js';
import { parseBoolean, requiredId } from '../lib/inputs.js';

const notifyField = detailFields('update').find((f) => f.key === 'toNotify')!;

const inputFields = [appointmentContactField(), appointmentIdField(), notifyField];

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.appointmentId, 'Appointment');
  const toNotify = parseBoolean(bundle.inputData.toNotify, 'Run HighLevel Automations');
  const { assignedUserId } = await currentAppointment(z, id);
  const body: Record<string, unknown> = { appointmentStatus: 'cancelled' };
  if (typeof assignedUserId === 'string' && assignedUserId) body.assignedUserId = assignedUserId;
  if (toNotify !== undefined) body.toNotify = toNotify;
  // The step has neither times nor Assigned User: errors must not point at them.
  const data = await bookingRequest(
    z,
    { method: 'PUT', path: ghlPath`/calendars/events/appointments/${id}`, body },
    { times: false, assignee: false },
  );
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
