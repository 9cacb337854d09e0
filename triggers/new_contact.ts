/**
 * New Contact: the newest contacts by date added, one search per poll (see lib/contacts/polling.ts for why that misses
 * nothing up to 500 additions between two polls). Dedupe on the contact id.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { contactOutput, contactResultFields, contactSample, searchNewestContacts } from '../lib/contacts/index.js';
import { sampleLimit } from '../lib/results.js';

const perform = (async (z, bundle) => {
  const contacts = sampleLimit(bundle, await searchNewestContacts(z, bundle, { sort: 'dateAdded' }));
  return contactOutput(z, bundle, contacts);
}) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'new_contact' as const,
  noun: 'Contact',
  display: {
    label: 'New Contact',
    description: 'Triggers when a contact is added to the sub-account.',
  },
  operation: {
    type: 'polling',
    perform,
    sample: contactSample,
    outputFields: contactResultFields,
  },
});
