/**
 * Appointment Updated — one GET /calendars/events per poll (same window as New Appointment). Fires for each change:
 * Zapier dedupes on the appointment id + `dateUpdated` + status together (primary output fields), so a reschedule
 * or a status change (showed, no-show, cancelled…) fires again for the same appointment while `id` stays the
 * real appointment id. Appointments never changed since booking (dateUpdated ≈ dateAdded) are left to "New
 * Appointment".
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import {
  eventOutputFields,
  eventSample,
  STATUS_CHOICES,
  isRecent,
  listWindowEvents,
  parseStatus,
  watchFields,
} from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';
import { newestFirst, sampleLimit, timeOf } from '../lib/results.js';

/** Seconds between booking and a first write that still count as "the booking itself". */
const SAME_WRITE_MS = 5_000;

const perform = (async (z, bundle) => {
  const calendarId = typeof bundle.inputData.calendarId === 'string' ? bundle.inputData.calendarId.trim() : undefined;
  const userId = typeof bundle.inputData.userId === 'string' ? bundle.inputData.userId.trim() : undefined;
  const status = parseStatus(bundle.inputData.appointmentStatus, 'Only With Status');
  const now = clock.now();
  const events = newestFirst(await listWindowEvents(z, bundle, { calendarId, userId }, now), 'dateUpdated').filter(
    (e) => !status || e.appointmentStatus === status,
  );
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
