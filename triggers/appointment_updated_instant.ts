/**
 * Appointment Updated (Instant): HighLevel's `AppointmentUpdate` through the webhook relay (lib/instant.ts), narrowed
 * to the chosen calendar by the relay, to the chosen user and status here (checked on the appointment as read, so
 * "Only With Status" sees the status after the change). 1 request per event (the read by id).
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { parseStatus } from '../lib/appointments/index.js';
import { appointmentOfEvent, appointmentPasses, appointmentWatch, instantTrigger, recordOf } from '../lib/instant.js';
import twin from './appointment_updated.js';

const perform = (async (z, bundle) => {
  const status = parseStatus((bundle.inputData as Record<string, unknown>)?.appointmentStatus, 'Only With Status');
  const event = recordOf(bundle, 'AppointmentUpdate');
  const appointment = event ? await appointmentOfEvent(z, event) : undefined;
  if (!appointment || !appointmentPasses(appointment, bundle.inputData ?? {})) return [];
  return !status || appointment.appointmentStatus === status ? [appointment] : [];
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'appointment_updated_instant',
  noun: 'Appointment',
  event: 'AppointmentUpdate',
  when: 'an appointment is changed: rescheduled, reassigned, or its status changes',
  perform,
  watch: (input) => appointmentWatch(input, parseStatus(input.appointmentStatus, 'Only With Status')),
});
