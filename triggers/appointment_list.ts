/**
 * Hidden trigger behind every "Appointment" dropdown. With a Contact chosen in the step: that contact's
 * appointments (GET /contacts/{id}/appointments), upcoming first. Without one: the appointments of the user who
 * connected the account, in the trigger window (GET /calendars/events?userId=…). One request either way.
 */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { appointmentLabel, listContactAppointments, listWindowEvents, type Appointment } from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';
import { timeOf } from '../lib/results.js';

/** Upcoming appointments soonest first, then past ones most recent first. */
function forPicking(items: Appointment[], now: number): Appointment[] {
  const upcoming = items.filter((a) => timeOf(a.startTime) >= now).sort((a, b) => timeOf(a.startTime) - timeOf(b.startTime));
  const past = items.filter((a) => timeOf(a.startTime) < now).sort((a, b) => timeOf(b.startTime) - timeOf(a.startTime));
  return [...upcoming, ...past];
}

const perform = (async (z, bundle) => {
  if (Number(bundle.meta?.page ?? 0) > 0) return []; // neither source pages
  const contactId = typeof bundle.inputData?.contactId === 'string' ? bundle.inputData.contactId.trim() : '';
  const userId = bundle.authData?.userId ? String(bundle.authData.userId) : '';
  let items: Appointment[];
  if (contactId) items = await listContactAppointments(z, contactId);
  else if (userId) items = await listWindowEvents(z, bundle, { userId });
  else return [];
  return forPicking(items, clock.now()).map((a) => ({ id: a.id, label: appointmentLabel(a, bundle.meta?.timezone) }));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'appointment_list' as const,
  noun: 'Appointment',
  label: 'List Appointments',
  when: 'an appointment is booked',
  perform,
});
