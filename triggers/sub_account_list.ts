/**
 * Hidden trigger behind the Sub-Account dropdown of an agency connection: the sub-accounts the app is installed
 * in (GET /oauth/installedLocations with the Company token), a page of 100 per "Load more", searchable by name.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { installedLocations } from '../lib/subAccounts.js';

const PAGE = 100;

const perform = (async (z, bundle) => {
  const page = Number(bundle.meta?.page ?? 0);
  const query = String(bundle.inputData?.search ?? '').trim() || undefined;
  const { locations } = await installedLocations(z, bundle, { skip: page * PAGE, limit: PAGE, query });
  return locations.map((l) => ({ id: l._id, name: l.address ? `${l.name ?? l._id} (${l.address})` : (l.name ?? l._id) }));
}) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'sub_account_list' as const,
  noun: 'Sub-Account',
  display: {
    label: 'List Sub-Accounts',
    description: 'Triggers when the app is installed in another sub-account of the agency (used for dropdowns).',
    hidden: true,
  },
  operation: {
    type: 'polling',
    canPaginate: true,
    inputFields: [
      {
        key: 'search',
        label: 'Sub-Account Name',
        required: false,
        helpText: 'Part of the sub-account name, to narrow a long list.',
      },
    ],
    perform,
    sample: { id: 've9EPM428h8vShlRW1KT', name: 'Bright Smile Dental (12 Main St, Austin)' },
    outputFields: [
      { key: 'id', label: 'Sub-Account ID' },
      { key: 'name', label: 'Sub-Account Name' },
    ],
  },
});
