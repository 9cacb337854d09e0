/** Update Contact: PUT /contacts/{id} with only the fields given; never tags. 1 request (+1 for custom field definitions at most every 5 minutes). */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl, ghlPath } from '../lib/client.js';
import { contactBody, contactResultFields, contactSample, contactWriteFields, writtenContact } from '../lib/contacts/index.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.contactId, 'Contact');
  const body = await contactBody(z, bundle, 'update');
  // Nothing to change: return the contact as it is rather than touch it (a PUT would still bump dateUpdated).
  const data = Object.keys(body).length
    ? await ghl<{ contact: Record<string, any> }>(z, { method: 'PUT', path: ghlPath`/contacts/${id}`, body })
    : await ghl<{ contact: Record<string, any> }>(z, { path: ghlPath`/contacts/${id}` });
  return writtenContact(z, bundle, data, 'contact update');
}) satisfies CreatePerform;

export default defineCreate({
  key: 'update_contact' as const,
  noun: 'Contact',
  display: {
    label: 'Update Contact',
    description: 'Updates an existing contact, changing only the fields you fill in (tags are left as they are).',
  },
  operation: {
    inputFields: contactWriteFields('update'),
    perform,
    sample: contactSample,
    outputFields: contactResultFields,
  },
});
