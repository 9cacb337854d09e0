/** Create or Update Contact: POST /contacts/upsert (matches by email/phone); never tags. 1 request (+1 for custom field definitions at most every 5 minutes). */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { contactBody, contactResultFields, contactSample, contactWriteFields, writtenContact } from '../lib/contacts/index.js';

const perform = (async (z, bundle) => {
  const body = await contactBody(z, bundle, 'upsert');
  const data = await ghl<{ new?: boolean; contact: Record<string, any> }>(z, { method: 'POST', path: '/contacts/upsert', body });
  return { ...(await writtenContact(z, bundle, data, 'create-or-update')), created: data?.new === true };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'upsert_contact' as const,
  noun: 'Contact',
  display: {
    label: 'Create or Update Contact',
    description: 'Creates a contact, or updates the contact with the same email or phone (tags are left as they are).',
  },
  operation: {
    inputFields: contactWriteFields('upsert'),
    perform,
    sample: { ...contactSample, created: true },
    outputFields: [{ key: 'created', label: 'Was Created (Not Updated)', type: 'boolean' as const }, ...contactResultFields],
  },
});
