/** Hidden trigger behind every "Assigned User" dropdown: the sub-account's users, a page of 100 per "Load more". */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { ghl, locationId } from '../lib/client.js';

const PAGE = 100;

const perform = (async (z, bundle) => {
  const page = Number(bundle.meta?.page ?? 0);
  const data = await ghl<{ users: Record<string, any>[] }>(z, {
    path: '/users/search',
    params: {
      companyId: bundle.authData.companyId,
      locationId: locationId(bundle),
      skip: page * PAGE,
      limit: PAGE,
      sort: 'firstName',
      sortDirection: 'asc',
    },
  });
  return (data.users ?? [])
    .filter((u) => !u.deleted)
    .map((u) => ({
      id: u.id,
      name: [u.name || [u.firstName, u.lastName].filter(Boolean).join(' '), u.email && `(${u.email})`].filter(Boolean).join(' '),
    }));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'user_list' as const,
  noun: 'User',
  label: 'List Users',
  when: 'a user is added to the sub-account',
  perform,
  canPaginate: true,
});
