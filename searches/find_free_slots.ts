/**
 * Find Free Slots — GET /calendars/{calendarId}/free-slots (one request; +1 GET /calendars/{id} for the slot length
 * when there are free slots and the length is not cached). The first free time at or after "From" is the result, start and end with the timezone's
 * offset, ready to map into "Create Appointment"; the other free times of the window come along as a list.
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { timezoneField } from '../lib/appointments/index.js';
import { clock } from '../lib/dates.js';
import { calendarIdField, userIdField } from '../lib/fields.js';
import {
  freeSlotOutputFields,
  freeSlotSample,
  MAX_DAYS,
  fetchFreeSlots,
  firstSlotResult,
  slotMinutes,
  slotQuery,
} from '../lib/appointments/index.js';

const inputFields = [
  calendarIdField({
    helpText: 'The calendar to find a free time on (Calendars → Calendar Settings). Pick one, or map a **Calendar ID**.',
  }),
  {
    key: 'from',
    label: 'From',
    type: 'datetime' as const,
    required: false,
    helpText:
      'The earliest time to look from, e.g. `2026-12-01 09:00`, `tomorrow 8am`, or a date mapped from an earlier step. ' +
      'Leave empty to look from now. A time without a timezone is read in the Timezone below.',
  },
  {
    key: 'days',
    label: 'How Many Days',
    type: 'integer' as const,
    required: false,
    default: '7',
    helpText: `How many days from "From" to look at, 1 to ${MAX_DAYS} (HighLevel's limit). The first free time in these days is the result.`,
  },
  timezoneField({
    helpText:
      'The timezone the free times come back in (their offset, e.g. `-06:00`), and how a From time without a timezone is read. ' +
      "Leave empty to use the Zap's timezone (Zap settings → Timezone).",
  }),
  userIdField({
    key: 'userId',
    label: 'Team Member',
    helpText:
      'Only times this team member is free (Settings → My Staff), for round-robin or team calendars. ' +
      'To book with them, choose the same user as Assigned User in "Create Appointment". Leave empty for times any team member of the calendar is free.',
  }),
];

const perform = (async (z, bundle) => {
  const query = slotQuery(bundle.inputData, bundle, clock.now());
  const starts = await fetchFreeSlots(z, query);
  if (!starts.length) return []; // no free time: no need for the slot length
  const calendar = await slotMinutes(z, query.calendarId);
  return firstSlotResult(starts, calendar.minutes, query, calendar.name);
}) satisfies SearchPerform;

export default defineSearch({
  key: 'find_free_slots' as const,
  noun: 'Free Slot',
  display: {
    label: 'Find Free Slots',
    description:
      'Finds the first free time on a calendar at or after a given time (optionally for one team member), with the other free times of the next days.',
  },
  operation: { inputFields, perform, sample: freeSlotSample, outputFields: freeSlotOutputFields },
});
