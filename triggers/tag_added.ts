/**
 * Tag Added to Contact: contacts having the tag, most recently updated first, one search per poll (see
 * lib/contacts/polling.ts). Dedupe on contact id + tag, so each contact fires once for the tag.
 */
import { defineTrigger, type PlainOutputField, type PollingTriggerPerform } from 'zapier-platform-core';
import {
  contactOutput,
  contactOutputFields,
  contactSample,
  contactsWithTag,
  customFieldOutputFields,
  normalizeTag,
  tagInput,
  tagWatchField,
} from '../lib/contacts/index.js';
import { sampleLimit } from '../lib/results.js';

const perform = (async (z, bundle) => {
  const tag = tagInput(bundle.inputData?.tag);
  const out = await contactOutput(z, bundle, sampleLimit(bundle, await contactsWithTag(z, bundle, tag)));
  return out.map((record) => ({ ...record, tag: normalizeTag(tag) }));
}) satisfies PollingTriggerPerform;

const outputFields: PlainOutputField[] = [
  ...contactOutputFields.map((f) => (f.key === 'id' ? { ...f, primary: true } : f)),
  { key: 'tag', label: 'Tag Added', primary: true },
];

export default defineTrigger({
  key: 'tag_added' as const,
  noun: 'Tag',
  display: {
    label: 'Tag Added to Contact',
    description: 'Triggers when a chosen tag is added to a contact (once per contact).',
  },
  operation: {
    type: 'polling',
    inputFields: [
      tagWatchField(
        'The Zap runs once for each contact that gets this tag. ' +
          'Contacts that already have the tag when you turn the Zap on are skipped — up to 500 of them (the most recently updated); an older contact that already had it may run the Zap once, the next time it is updated. ' +
          'A contact that gets the tag again after it was removed does not run the Zap again.',
      ),
    ],
    perform,
    sample: { ...contactSample, tag: 'vip' },
    outputFields: [...outputFields, customFieldOutputFields],
  },
});
