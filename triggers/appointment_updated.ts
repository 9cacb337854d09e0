/**
 * Appointment Updated — one GET /calendars/events per poll (same window as New Appointment). Fires for each change:
 * Zapier dedupes on the appointment id + `dateUpdated` + status together (primary output fields), so a reschedule
 * or a status change (showed, no-show, cancelled…) fires again for the same appointment while `id` stays the
 * real appointment id. Appointments never changed since booking (dateUpdated ≈ dateAdded) are left to "New
 * Appointment". One edit of a recurring series changes every instance: the series fires once (id = series id,
 * `occurrenceId` = the instance changed last), like New Appointment.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import {
  eventOutputFields,
  eventSample,
  STATUS_CHOICES,
  isRecent,
  listWindowEvents,
  onePerSeries,
  type Appointment,
  parseStatus,
  watchFields,
} from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';
import { newestFirst, sampleLimit, timeOf } from '../lib/results.js';

/** Seconds between booking and a first write that still count as "the booking itself". */
const SAME_WRITE_MS = 5_000;

/** A series fires once per change, as the instance changed last (the earliest of those changed together). */
const changedLater = (a: Appointment, b: Appointment) =>
  timeOf(a.dateUpdated) > timeOf(b.dateUpdated) ||
  (timeOf(a.dateUpdated) === timeOf(b.dateUpdated) && timeOf(a.startTime) < timeOf(b.startTime));

const perform = (async (z, bundle) => {
  const calendarId = typeof bundle.inputData.calendarId === 'string' ? bundle.inputData.calendarId.trim() : undefined;
  const userId = typeof bundle.inputData.userId === 'string' ? bundle.inputData.userId.trim() : undefined;
  const status = parseStatus(bundle.inputData.appointmentStatus, 'Only With Status');
  const now = clock.now();
  const matching = (await listWindowEvents(z, bundle, { calendarId, userId }, now)).filter(
    (e) => !status || e.appointmentStatus === status,
  );
  const events = newestFirst(onePerSeries(matching, changedLater, 'occurrenceId'), 'dateUpdated');
  const changed = events.filter(
    (e) =>
      isRecent(e.dateUpdated, now) && !(timeOf(e.dateUpdated) - timeOf(e.dateAdded) < SAME_WRITE_MS && timeOf(e.dateAdded) !== -Infinity),
  );
  return sampleLimit(bundle, bundle.meta?.isLoadingSample && !changed.length ? events : changed);
}) satisfies PollingTriggerPerform;

const primary = new Set(['id', 'dateUpdated', 'appointmentStatus']);

export default defineTrigger({
  key: 'appointment_updated' as const,
  noun: 'Appointment',
  display: {
    label: 'Appointment Updated',
    description:
      'Triggers when an appointment is changed: rescheduled, reassigned, or its status changes (e.g. to showed, no-show or cancelled).',
  },
  operation: {
    type: 'polling',
    inputFields: [
      ...watchFields(),
      {
        key: 'appointmentStatus',
        label: 'Only With Status',
        type: 'string',
        required: false,
        choices: STATUS_CHOICES,
        helpText: 'Only fire for appointments that have this status after the change, e.g. Showed. Leave empty for every change.',
      },
    ],
    perform,
    sample: { ...eventSample, appointmentStatus: 'showed', dateUpdated: '2026-12-01T20:02:11.000Z' },
    outputFields: eventOutputFields.map((f) => (primary.has(f.key) ? { ...f, primary: true } : f)),
  },
});
