/** Hidden trigger behind every "Calendar" dropdown: the sub-account's calendars (HighLevel does not page them). */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { ghl, locationId } from '../lib/client.js';

const perform = (async (z, bundle) => {
  if (Number(bundle.meta?.page ?? 0) > 0) return []; // one page holds them all
  const data = await ghl<{ calendars?: Record<string, any>[] }>(z, { path: '/calendars/', params: { locationId: locationId(bundle) } });
  return (data?.calendars ?? [])
    .filter((c) => c?.id)
    .map((c) => ({ id: String(c.id), name: `${c.name || c.id}${c.isActive === false ? ' (inactive)' : ''}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'calendar_list' as const,
  noun: 'Calendar',
  label: 'List Calendars',
  when: 'a calendar is added to the sub-account',
  perform,
});
