/**
 * Update Appointment — PUT /calendars/events/appointments/{id} with only the fields given (one request). A new
 * start without a new end or duration keeps the appointment's length: that reads the appointment first (two).
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
  endTimeField,
  fetchAppointment,
  startTimeField,
  statusField,
  timezoneField,
  updateNeedsCurrentTimes,
  type CurrentTimes,
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

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.appointmentId, 'Appointment');
  appointmentBody(bundle.inputData, bundle, 'update'); // validates every input before any request
  let current: CurrentTimes = {};
  if (updateNeedsCurrentTimes(bundle.inputData)) {
    const existing = await fetchAppointment(z, id);
    if (!existing) {
      throw new z.errors.Error(
        `HighLevel has no appointment with ID "${id}" in this sub-account. Pick the appointment from the dropdown or map its ID from an earlier step.`,
        'not_found',
        404,
      );
    }
    const at = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
    current = { start: at(existing.startTime), end: at(existing.endTime) };
  }
  const body = appointmentBody(bundle.inputData, bundle, 'update', current);
  const data = await bookingRequest(z, { method: 'PUT', path: ghlPath`/calendars/events/appointments/${id}`, body });
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
