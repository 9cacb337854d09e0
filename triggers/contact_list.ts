/** Hidden trigger behind every "Contact" dropdown: newest contacts first, 100 per "Load more" (POST /contacts/search). 1 request. */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { contactLabel, searchContacts } from '../lib/contacts/index.js';

const PAGE = 100;

const perform = (async (z, bundle) => {
  const page = Number(bundle.meta?.page ?? 0) + 1; // HighLevel pages from 1, Zapier from 0
  const { contacts } = await searchContacts(z, bundle, { pageLimit: PAGE, page, sort: [{ field: 'dateAdded', direction: 'desc' }] });
  return contacts
    .filter((c) => c?.id)
    .map((c) => ({ id: String(c.id), label: contactLabel(c), email: c.email ?? null, phone: c.phone ?? null }));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'contact_list' as const,
  noun: 'Contact',
  label: 'List Contacts',
  when: 'a contact is added',
  perform,
  canPaginate: true,
});
