/**
 * Hidden trigger behind every "Timezone" dropdown: the IANA timezones, current names, UTC first. No request.
 * A dropdown rather than static `choices`: core re-compiles the app definition on every invocation, and ~600
 * choices repeated on several actions made it several times larger (docs/BENCHMARKS.md).
 */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { timezoneChoices } from '../lib/appointments/index.js';

const perform = (async () => timezoneChoices().map((tz) => ({ id: tz, name: tz.replaceAll('_', ' ') }))) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'timezone_list' as const,
  noun: 'Timezone',
  label: 'List Timezones',
  when: 'a timezone is listed',
  perform,
});
