/** Hidden trigger behind every "Workflow" dropdown: the sub-account's workflows (all in one response, no paging). */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { ghl, locationId } from '../lib/client.js';
import { dropdownChoices } from '../lib/memberships.js';

const perform = (async (z, bundle) => {
  const data = await ghl<{ workflows?: { id: string; name?: string; status?: string }[] }>(z, {
    path: '/workflows/',
    params: { locationId: locationId(bundle) },
  });
  return dropdownChoices(data?.workflows ?? [], 'published');
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'workflow_list' as const,
  noun: 'Workflow',
  label: 'List Workflows',
  when: 'a workflow is added to the sub-account',
  perform,
});
