/** Hidden trigger behind every "Workflow" dropdown: the sub-account's workflows (all in one response, no paging). */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { ghl, locationId } from '../lib/client.js';
import { dropdownChoices } from '../lib/memberships.js';

const perform = (async (z, bundle) => {
  const data = await ghl<{ workflows?: { id: string; name?: string; status?: string }[] }>(z, {
    path: '/workflows/',
    params: { locationId: locationId(bundle) },
  });
  return dropdownChoices(data?.workflows ?? [], 'published');
}) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'workflow_list' as const,
  noun: 'Workflow',
  display: {
    label: 'List Workflows',
    description: 'Triggers when a workflow is added to the sub-account (used for dropdowns).',
    hidden: true,
  },
  operation: { type: 'polling', perform },
});
