/**
 * New Appointment (Instant): HighLevel's `AppointmentCreate` through the webhook relay (lib/instant.ts), narrowed
 * to the chosen calendar by the relay and to the chosen user here. The payload lacks fields the twin returns, so each
 * delivery reads the appointment by id: 1 request per event.
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { appointmentOfEvent, appointmentPasses, appointmentWatch, instantTrigger, recordOf } from '../lib/instant.js';
import twin from './new_appointment.js';

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'AppointmentCreate');
  const appointment = event ? await appointmentOfEvent(z, event) : undefined;
  return appointment && appointmentPasses(appointment, bundle.inputData ?? {}) ? [appointment] : [];
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'new_appointment_instant',
  noun: 'Appointment',
  event: 'AppointmentCreate',
  when: 'an appointment is booked on a calendar or for a team member',
  perform,
  watch: (input) => appointmentWatch(input),
});
