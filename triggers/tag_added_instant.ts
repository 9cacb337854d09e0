/**
 * Tag Added to Contact (Instant): HighLevel's `ContactTagUpdate` (the whole tag list, no delta) through the webhook
 * relay, which delivers it only when the chosen tag is new on the contact (lib/instant.ts). Each delivery reads the
 * contact for the twin's full shape: 1 request per event; a contact that no longer has the tag does not fire.
 */
import { defineTrigger, type WebhookTriggerPerform } from 'zapier-platform-core';
import { contactOutput, fetchContact, hasTag, normalizeTag, tagInput } from '../lib/contacts/index.js';
import { instantDisplay, recordOf, subscribe, twinOf, unsubscribe } from '../lib/instant.js';
import twin from './tag_added.js';

const TWIN = twinOf(twin);

const perform = (async (z, bundle) => {
  const tag = tagInput(bundle.inputData?.tag);
  const event = recordOf(bundle, 'ContactTagUpdate');
  if (!event?.id || !hasTag(event, tag)) return [];
  const raw = await fetchContact(z, String(event.id));
  if (!raw || !hasTag(raw, tag)) return [];
  return (await contactOutput(z, bundle, [raw])).map((contact) => ({ ...contact, tag: normalizeTag(tag) }));
}) satisfies WebhookTriggerPerform;

export default defineTrigger({
  key: 'tag_added_instant' as const,
  noun: 'Tag',
  display: instantDisplay(TWIN.label, 'a chosen tag is added to a contact'),
  operation: {
    type: 'hook',
    inputFields: [
      {
        key: 'tag',
        label: 'Tag',
        type: 'string',
        required: true,
        dynamic: 'tag_list.name.name',
        helpText:
          'The tag to watch. Pick a tag of this sub-account (Contacts → Tags) or type its name. The Zap runs each time a contact gets this tag ' +
          '(again after it was removed, too); contacts that already have it when you turn the Zap on are not affected.',
      },
    ],
    performSubscribe: (z, bundle) =>
      subscribe(z, bundle, 'ContactTagUpdate', TWIN.label, { tag: normalizeTag(tagInput(bundle.inputData?.tag)) }),
    performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, TWIN.label),
    perform,
    performList: TWIN.performList,
    sample: TWIN.sample,
    outputFields: TWIN.outputFields,
  },
});
