/**
 * Appointment Updated (Instant): HighLevel's `AppointmentUpdate` through the webhook relay (lib/instant.ts), narrowed
 * to the chosen calendar by the relay, to the chosen user and status here (checked on the appointment as read, so
 * "Only With Status" sees the status after the change). 1 request per event (the read by id).
 */
import { defineTrigger, type WebhookTriggerPerform } from 'zapier-platform-core';
import { parseStatus } from '../lib/appointments/index.js';
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
import twin from './appointment_updated.js';

const TWIN = twinOf(twin);

const perform = (async (z, bundle) => {
  const status = parseStatus((bundle.inputData as Record<string, unknown>)?.appointmentStatus, 'Only With Status');
  const event = recordOf(bundle, 'AppointmentUpdate');
  const appointment = event ? await appointmentOfEvent(z, event) : undefined;
  if (!appointment || !appointmentPasses(appointment, bundle.inputData ?? {})) return [];
  return !status || appointment.appointmentStatus === status ? [appointment] : [];
}) satisfies WebhookTriggerPerform;

export default defineTrigger({
  key: 'appointment_updated_instant' as const,
  noun: 'Appointment',
  display: instantDisplay(TWIN.label, 'an appointment is changed: rescheduled, reassigned, or its status changes'),
  operation: {
    type: 'hook',
    inputFields: TWIN.inputFields,
    performSubscribe: (z, bundle) => {
      const status = parseStatus((bundle.inputData as Record<string, unknown>)?.appointmentStatus, 'Only With Status');
      return subscribe(z, bundle, 'AppointmentUpdate', TWIN.label, appointmentWatch(bundle.inputData ?? {}, status));
    },
    performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, TWIN.label),
    perform,
    performList: TWIN.performList,
    sample: TWIN.sample,
    outputFields: TWIN.outputFields,
  },
});
