/**
 * New Contact (Instant): HighLevel's `ContactCreate` through the webhook relay (lib/instant.ts). The event lacks
 * what the twin returns (dateUpdated, DND channels, …), so each delivery reads the contact: 1 request per event.
 */
import { defineTrigger, type WebhookTriggerPerform } from 'zapier-platform-core';
import { contactOutput, fetchContact } from '../lib/contacts/index.js';
import { instantDisplay, recordOf, subscribe, twinOf, unsubscribe } from '../lib/instant.js';
import twin from './new_contact.js';

const TWIN = twinOf(twin);

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'ContactCreate');
  const contact = event?.id ? await fetchContact(z, String(event.id)) : undefined;
  return contact ? contactOutput(z, bundle, [contact]) : [];
}) satisfies WebhookTriggerPerform;

export default defineTrigger({
  key: 'new_contact_instant' as const,
  noun: 'Contact',
  display: instantDisplay(TWIN.label, 'a contact is added to the sub-account'),
  operation: {
    type: 'hook',
    performSubscribe: (z, bundle) => subscribe(z, bundle, 'ContactCreate', TWIN.label),
    performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, TWIN.label),
    perform,
    performList: TWIN.performList,
    sample: TWIN.sample,
    outputFields: TWIN.outputFields,
  },
});
