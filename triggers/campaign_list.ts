/** Hidden trigger behind every "Campaign" dropdown: the sub-account's campaigns (all in one response, no paging). */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { ghl, locationId } from '../lib/client.js';
import { dropdownChoices } from '../lib/memberships.js';

const perform = (async (z, bundle) => {
  const data = await ghl<{ campaigns?: { id: string; name?: string; status?: string }[] }>(z, {
    path: '/campaigns/',
    params: { locationId: locationId(bundle) },
  });
  return dropdownChoices(data?.campaigns ?? [], 'published');
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'campaign_list' as const,
  noun: 'Campaign',
  label: 'List Campaigns',
  when: 'a campaign is added to the sub-account',
  perform,
});
