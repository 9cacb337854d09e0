/** Delete Appointment — DELETE /calendars/events/{id} with the JSON body `{}` the spec requires (one request; 201 `{ succeeded }`). */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { appointmentContactField, appointmentIdField } from '../lib/appointments/index.js';
import { ghl, ghlPath } from '../lib/client.js';
import { requiredId } from '../lib/inputs.js';

const inputFields = [
  appointmentContactField(),
  appointmentIdField({
    helpText:
      'The appointment to delete for good (to keep it on record, use "Cancel Appointment" instead). Map the **Appointment ID** from an earlier step, or pick one (of the Contact chosen above, or without one of the connected user).',
  }),
];

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.appointmentId, 'Appointment');
  const data = await ghl<{ succeeded?: boolean }>(z, { method: 'DELETE', path: ghlPath`/calendars/events/${id}`, body: {} });
  if (data?.succeeded === false) {
    throw new z.errors.Error(
      `HighLevel did not delete appointment "${id}" (it answered succeeded: false). Check the appointment in HighLevel, then run the step again.`,
      'not_deleted',
      200,
    );
  }
  return { id, succeeded: true };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'delete_appointment' as const,
  noun: 'Appointment',
  display: { label: 'Delete Appointment', description: 'Deletes an appointment from its HighLevel calendar for good.' },
  operation: {
    inputFields,
    perform,
    sample: { id: '0TkCdp9PfvLeWKYRRvIz', succeeded: true },
    outputFields: [
      { key: 'id', label: 'Deleted Appointment ID' },
      { key: 'succeeded', label: 'Succeeded', type: 'boolean' },
    ],
  },
});
