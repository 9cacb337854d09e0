/** Get Contact by ID: GET /contacts/{id}; an unknown id is "not found" ([]), not an error. 1 request. */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { contactOutput, contactResultFields, contactSample, fetchContact } from '../lib/contacts/index.js';
import { contactIdField } from '../lib/fields.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const found = await fetchContact(z, requiredId(bundle.inputData.contactId, 'Contact'));
  return found ? contactOutput(z, bundle, [found]) : [];
}) satisfies SearchPerform;

export default defineSearch({
  key: 'get_contact' as const,
  noun: 'Contact',
  display: { label: 'Get Contact by ID', description: 'Gets a contact by its HighLevel contact ID, with its custom fields.' },
  operation: {
    inputFields: [
      contactIdField({
        helpText: 'The contact to get. Pick one, or map a **Contact ID** from an earlier step (e.g. a HighLevel trigger).',
      }),
    ],
    perform,
    sample: contactSample,
    outputFields: contactResultFields,
  },
});
