/** Find Contacts by Business: GET /contacts/business/{businessId} (up to 100, optional text filter). 1 request. */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghlOrNone, ghlPath, locationId } from '../lib/client.js';
import { contactOutput, contactResultFields, contactSample } from '../lib/contacts/index.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const business = requiredId(bundle.inputData.business, 'Business ID');
  const query = bundle.inputData.query === undefined || bundle.inputData.query === null ? '' : String(bundle.inputData.query).trim();
  const data = await ghlOrNone(z, {
    path: ghlPath`/contacts/business/${business}`,
    params: { locationId: locationId(bundle), limit: '100', skip: '0', query },
  });
  return data === undefined ? [] : contactOutput(z, bundle, data?.contacts ?? []);
}) satisfies SearchPerform<{ business: string; query?: string }>;

export default defineSearch({
  key: 'find_contacts_by_business' as const,
  noun: 'Contact',
  display: {
    label: 'Find Contacts by Business',
    description: 'Finds the contacts linked to a business (company) in HighLevel (up to 100).',
  },
  operation: {
    inputFields: [
      {
        key: 'business',
        label: 'Business ID',
        type: 'string',
        required: true,
        helpText:
          'The HighLevel business (company) record. Map **Business ID** from an earlier HighLevel step (every contact output has it), ' +
          'or open the business in HighLevel (Contacts → Companies) and copy the ID from the end of the page address.',
      },
      {
        key: 'query',
        label: 'Name, Email or Phone Contains',
        type: 'string',
        required: false,
        helpText: 'Only contacts whose name, email or phone contains this text. Leave empty for all contacts of the business.',
      },
    ],
    perform,
    sample: contactSample,
    outputFields: contactResultFields,
  },
});
