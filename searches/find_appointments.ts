/**
 * Find Appointments for Contact — GET /contacts/{id}/appointments (one request, no paging). HighLevel's times
 * there are not ISO ("2021-07-16 11:00:00"); they come out as ISO 8601. The first result is the one Zapier uses,
 * so the order follows "Which Appointments": the next upcoming one first, or the most recent past one first.
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import {
  contactAppointmentOutputFields,
  contactAppointmentSample,
  STATUS_CHOICES,
  listContactAppointments,
  parseStatus,
  type Appointment,
} from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';
import { timeOf } from '../lib/results.js';
import { inputError } from '../lib/errors.js';
import { calendarIdField, contactIdField } from '../lib/fields.js';
import { requiredId } from '../lib/inputs.js';

const WHEN = [
  { value: 'upcoming', sample: 'upcoming', label: 'Upcoming (next one first)' },
  { value: 'past', sample: 'past', label: 'Past (most recent first)' },
  { value: 'any', sample: 'any', label: 'Any (latest start first)' },
];

const inputFields = [
  contactIdField({
    helpText:
      'The contact whose appointments to find. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact").',
  }),
  {
    key: 'when',
    label: 'Which Appointments',
    type: 'string' as const,
    required: false,
    choices: WHEN,
    default: 'upcoming',
    helpText:
      'Upcoming: appointments that have not started yet, the next one first. Past: those that already started, the most recent first. Any: all, the latest start first.',
  },
  {
    key: 'appointmentStatus',
    label: 'Status',
    type: 'string' as const,
    required: false,
    choices: STATUS_CHOICES,
    helpText: 'Only appointments with this status, e.g. Confirmed. Leave empty for any status.',
  },
  calendarIdField({
    required: false,
    helpText: 'Only appointments on this calendar. Pick one, or map a **Calendar ID**. Leave empty for all calendars.',
  }),
];

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const when =
    String(bundle.inputData.when ?? 'upcoming')
      .trim()
      .toLowerCase() || 'upcoming';
  if (!WHEN.some((w) => w.value === when))
    throw inputError('Which Appointments', 'must be Upcoming, Past or Any — got "' + when.slice(0, 40) + '".');
  const status = parseStatus(bundle.inputData.appointmentStatus);
  const calendarId = typeof bundle.inputData.calendarId === 'string' ? bundle.inputData.calendarId.trim() : '';

  const now = clock.now();
  const all = await listContactAppointments(z, contactId);
  const matches = all.filter(
    (a: Appointment) =>
      (!status || a.appointmentStatus === status) &&
      (!calendarId || a.calendarId === calendarId) &&
      (when === 'any' ||
        (when === 'upcoming' ? timeOf(a.startTime) >= now : timeOf(a.startTime) < now && timeOf(a.startTime) !== -Infinity)),
  );
  return when === 'upcoming'
    ? matches.sort((a, b) => timeOf(a.startTime) - timeOf(b.startTime))
    : matches.sort((a, b) => timeOf(b.startTime) - timeOf(a.startTime));
}) satisfies SearchPerform;

export default defineSearch({
  key: 'find_appointments' as const,
  noun: 'Appointment',
  display: {
    label: 'Find Appointments for Contact',
    description: "Finds a contact's appointments, optionally only upcoming or past ones, with a given status or on a given calendar.",
  },
  operation: { inputFields, perform, sample: contactAppointmentSample, outputFields: contactAppointmentOutputFields },
});
