/**
 * New Appointment (Instant): HighLevel's `AppointmentCreate` through the webhook relay (lib/instant.ts), narrowed
 * to the chosen calendar by the relay and to the chosen user here. The payload lacks fields the twin returns, so each
 * delivery reads the appointment by id: 1 request per event.
 */
import { defineTrigger, type WebhookTriggerPerform } from 'zapier-platform-core';
import {
  appointmentOfEvent,
  appointmentPasses,
  appointmentWatch,
  instantDisplay,
  recordOf,
  subscribe,
  twinOf,
  unsubscribe,
} from '../lib/instant.js';
import twin from './new_appointment.js';

const TWIN = twinOf(twin);

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'AppointmentCreate');
  const appointment = event ? await appointmentOfEvent(z, event) : undefined;
  return appointment && appointmentPasses(appointment, bundle.inputData ?? {}) ? [appointment] : [];
}) satisfies WebhookTriggerPerform;

export default defineTrigger({
  key: 'new_appointment_instant' as const,
  noun: 'Appointment',
  display: instantDisplay(TWIN.label, 'an appointment is booked on a calendar or for a team member'),
  operation: {
    type: 'hook',
    inputFields: TWIN.inputFields,
    performSubscribe: (z, bundle) => subscribe(z, bundle, 'AppointmentCreate', TWIN.label, appointmentWatch(bundle.inputData ?? {})),
    performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, TWIN.label),
    perform,
    performList: TWIN.performList,
    sample: TWIN.sample,
    outputFields: TWIN.outputFields,
  },
});
