/**
 * New Appointment — one GET /calendars/events per poll for the chosen calendar or user. HighLevel selects events
 * by START time, so the poll reads starts from 30 days ago to 365 days ahead and keeps those booked in the last
 * 30 days (lib/appointments/api.ts WINDOW), newest booking first; Zapier dedupes on `id`. A recurring series fires
 * once, with the series id (`masterEventId`), not once per occurrence.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import {
  eventOutputFields,
  eventSample,
  isRecent,
  listWindowEvents,
  onePerSeries,
  watchFields,
  type Appointment,
} from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';
import { newestFirst, sampleLimit, timeOf } from '../lib/results.js';

/** A series fires once, as its earliest occurrence in the window. */
const earlierStart = (a: Appointment, b: Appointment) => timeOf(a.startTime) < timeOf(b.startTime);

const perform = (async (z, bundle) => {
  const calendarId = typeof bundle.inputData.calendarId === 'string' ? bundle.inputData.calendarId.trim() : undefined;
  const userId = typeof bundle.inputData.userId === 'string' ? bundle.inputData.userId.trim() : undefined;
  const now = clock.now();
  const events = newestFirst(
    onePerSeries(await listWindowEvents(z, bundle, { calendarId, userId }, now), earlierStart, 'firstOccurrenceId'),
    'dateAdded',
  );
  const recent = events.filter((e) => isRecent(e.dateAdded, now));
  // The editor's sample may come from older bookings when nothing was booked lately.
  return sampleLimit(bundle, bundle.meta?.isLoadingSample && !recent.length ? events : recent);
}) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'new_appointment' as const,
  noun: 'Appointment',
  display: {
    label: 'New Appointment',
    description: 'Triggers when an appointment is booked on a calendar or for a team member (for start times up to a year ahead).',
  },
  operation: { type: 'polling', inputFields: watchFields(), perform, sample: eventSample, outputFields: eventOutputFields },
});
