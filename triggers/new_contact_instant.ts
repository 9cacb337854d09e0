/**
 * New Contact (Instant): HighLevel's `ContactCreate` through the webhook relay (lib/instant.ts). The event lacks
 * what the twin returns (dateUpdated, DND channels, …), so each delivery reads the contact: 1 request per event.
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { contactOutput, fetchContact } from '../lib/contacts/index.js';
import { instantTrigger, recordOf } from '../lib/instant.js';
import twin from './new_contact.js';

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'ContactCreate');
  const contact = event?.id ? await fetchContact(z, String(event.id)) : undefined;
  return contact ? contactOutput(z, bundle, [contact]) : [];
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'new_contact_instant',
  noun: 'Contact',
  event: 'ContactCreate',
  when: 'a contact is added to the sub-account',
  perform,
});
