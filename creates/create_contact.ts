/** Create Contact: POST /contacts/ with the fields given (custom fields by key). 1 request (+1 for custom field definitions at most every 5 minutes). */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { contactBody, contactResultFields, contactSample, contactWriteFields, writtenContact } from '../lib/contacts/index.js';

const perform = (async (z, bundle) => {
  const body = await contactBody(z, bundle, 'create');
  // A sub-account that forbids duplicates answers 400 with meta.contactId: lib/errors.ts names the existing contact.
  const data = await ghl<{ contact: Record<string, any> }>(z, { method: 'POST', path: '/contacts/', body });
  return writtenContact(z, bundle, data, 'contact creation');
}) satisfies CreatePerform;

export default defineCreate({
  key: 'create_contact' as const,
  noun: 'Contact',
  display: {
    label: 'Create Contact',
    description: 'Creates a new contact in the HighLevel sub-account, with tags and custom fields.',
  },
  operation: {
    inputFields: contactWriteFields('create'),
    perform,
    sample: contactSample,
    outputFields: contactResultFields,
  },
});
