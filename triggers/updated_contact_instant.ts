/**
 * Updated Contact (Instant): HighLevel's `ContactUpdate` through the webhook relay (lib/instant.ts). The event has
 * no `dateUpdated` (HighLevel's payload), so each delivery reads the contact: 1 request per event, + the custom field
 * definitions (cached 5 min) as in the twin. With a watched field the Zap fires only when that field has a value it
 * did not have at the last event this Zap saw for the contact (kept in Zapier's cache for 30 days, per Zap).
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { changeKey, contactOutput, fetchContact, loadCustomFields, resolveWatchField } from '../lib/contacts/index.js';
import { instantTrigger, recordOf } from '../lib/instant.js';
import twin from './updated_contact.js';

/** How long the last seen value of a watched field is remembered (seconds). */
const SEEN_TTL = 30 * 86_400;

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'ContactUpdate');
  if (!event?.id) return [];
  const watch = await resolveWatchField(bundle.inputData?.watchField, (fresh) => loadCustomFields(z, bundle, { fresh }));
  const raw = await fetchContact(z, String(event.id));
  if (!raw) return [];
  const [contact] = await contactOutput(z, bundle, [raw]);
  if (!contact) return [];
  if (!watch) return [{ ...contact, changeKey: changeKey(contact) }];
  const value = watch.read(contact);
  if (value.comparable === undefined) return []; // an empty (or cleared) field is not a new value
  const key = changeKey(contact, { key: watch.key, comparable: value.comparable });
  const seenKey = `instant:${(bundle.subscribeData as { id?: string } | undefined)?.id ?? 'zap'}:${contact.id}:${watch.key}`;
  if ((await z.cache.get(seenKey)) === key) return [];
  await z.cache.set(seenKey, key, SEEN_TTL);
  return [{ ...contact, changeKey: key, watchedField: watch.key, watchedFieldLabel: watch.label, watchedValue: value.display }];
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'updated_contact_instant',
  noun: 'Contact',
  event: 'ContactUpdate',
  when: 'a contact is updated (once for each change), or, if you choose a field to watch, when that field gets a new value',
  perform,
});
