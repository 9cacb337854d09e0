/**
 * Tag Added to Contact (Instant): HighLevel's `ContactTagUpdate` (the whole tag list, no delta) through the webhook
 * relay, which delivers it only when the chosen tag is new on the contact (lib/instant.ts), and the `ContactCreate` of
 * a contact created with the tag (HighLevel documents no tag event for it). Each delivery reads the
 * contact for the twin's full shape: 1 request per event; a contact that no longer has the tag does not fire.
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { contactOutput, contactsWithTag, fetchContact, hasTag, normalizeTag, tagInput, tagWatchField } from '../lib/contacts/index.js';
import { instantTrigger, recordOf } from '../lib/instant.js';
import twin from './tag_added.js';

const perform = (async (z, bundle) => {
  const tag = tagInput(bundle.inputData?.tag);
  const event = recordOf(bundle, 'ContactTagUpdate') ?? recordOf(bundle, 'ContactCreate');
  if (!event?.id || !hasTag(event, tag)) return [];
  const raw = await fetchContact(z, String(event.id));
  if (!raw || !hasTag(raw, tag)) return [];
  return (await contactOutput(z, bundle, [raw])).map((contact) => ({ ...contact, tag: normalizeTag(tag) }));
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'tag_added_instant',
  noun: 'Tag',
  event: 'ContactTagUpdate',
  when: 'a chosen tag is added to a contact',
  perform,
  watch: (input) => ({ tag: normalizeTag(tagInput(input.tag)) }),
  // Turning the Zap on reads the contacts that have the tag already (the twin's one search, up to 500, most recently
  // updated first): the relay counts the tag as new for none of them.
  known: async (z, bundle) =>
    (await contactsWithTag(z, bundle, tagInput(bundle.inputData?.tag))).map((c) => ({
      contactId: String(c.id),
      tags: Array.isArray(c.tags) ? c.tags.map(String) : [],
    })),
  inputFields: [
    tagWatchField(
      'The Zap runs each time a contact gets this tag: when it is created with it, when it is added, and again after it was removed. ' +
        'Contacts that already have it when you turn the Zap on are skipped — up to 500 of them (the most recently updated); an older contact that already had it may run the Zap once, at its next tag change.',
    ),
  ],
});
