/**
 * Update Appointment — PUT /calendars/events/appointments/{id} with only the fields given. HighLevel refuses an edit
 * without an assignee (#23), so without an Assigned User the appointment is read first (GET, two requests) and keeps
 * its current one; the same read gives the current times a new start alone needs to keep the appointment's length.
 * With an Assigned User and nothing that needs the current times: one request.
 */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import {
  appointmentOutputFields,
  appointmentSample,
  appointmentBody,
  appointmentUserField,
  appointmentContactField,
  appointmentFrom,
  appointmentIdField,
  bookingRequest,
  detailFields,
  durationField,
  hasAssignee,
  endTimeField,
  currentAppointment,
  startTimeField,
  statusField,
  timezoneField,
  updateNeedsCurrentTimes,
  type Known,
} from '../lib/appointments/index.js';
import { ghlPath } from '../lib/client.js';
import { calendarIdField } from '../lib/fields.js';
import { requiredId } from '../lib/inputs.js';

const inputFields = [
  appointmentContactField(),
  appointmentIdField(),
  startTimeField('update'),
  endTimeField('update'),
  durationField('update'),
  timezoneField(),
  statusField('update'),
  appointmentUserField('update'),
  ...detailFields('update'),
  calendarIdField({
    required: false,
    label: 'Move to Calendar',
    helpText: 'Moves the appointment to another calendar of this sub-account. Leave empty to keep its calendar.',
  }),
];

/** Update has times, Assigned User and its calendar field labelled Move to Calendar. */
const STEP = { times: true, assignee: true, fields: { calendar: 'Move to Calendar', user: 'Assigned User' } };

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.appointmentId, 'Appointment');
  appointmentBody(bundle.inputData, bundle, 'update'); // validates every input before any request
  let current: Known = {};
  if (!hasAssignee(bundle.inputData) || updateNeedsCurrentTimes(bundle.inputData)) {
    const existing = await currentAppointment(z, id);
    const at = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
    const assignee = typeof existing.assignedUserId === 'string' && existing.assignedUserId ? existing.assignedUserId : undefined;
    current = { start: at(existing.startTime), end: at(existing.endTime), ...(assignee ? { assignedUserId: assignee } : {}) };
  }
  const body = appointmentBody(bundle.inputData, bundle, 'update', current);
  const data = await bookingRequest(z, { method: 'PUT', path: ghlPath`/calendars/events/appointments/${id}`, body }, STEP);
  return appointmentFrom(z, data, 'update', { contactId: bundle.inputData.contactId as string | undefined });
}) satisfies CreatePerform;

export default defineCreate({
  key: 'update_appointment' as const,
  noun: 'Appointment',
  display: {
    label: 'Update Appointment',
    description: 'Updates an appointment: reschedules it, changes its status, assignee or details. Fields left empty stay as they are.',
  },
  operation: { inputFields, perform, sample: appointmentSample, outputFields: appointmentOutputFields },
});
