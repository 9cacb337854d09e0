/**
 * Updated Contact: the most recently updated contacts, one search per poll (see lib/contacts/polling.ts).
 * Dedupe on contact id + `changeKey`: the contact's `dateUpdated` (each change fires once), or — when a field is
 * watched — the field plus its value (only a new value fires). `id` stays the contact id for mapping.
 * Requests per poll: 1 search, + the custom field definitions (cached 5 min) when a custom field is watched or the
 * contacts carry custom field values.
 */
import { defineTrigger, type PlainOutputField, type PollingTriggerPerform } from 'zapier-platform-core';
import {
  contactOutput,
  contactOutputFields,
  contactSample,
  customFieldOutputFields,
  loadCustomFields,
  changeKey,
  resolveWatchField,
  searchNewestContacts,
  watchedFieldHelp,
} from '../lib/contacts/index.js';
import { sampleLimit } from '../lib/results.js';

const perform = (async (z, bundle) => {
  const watch = await resolveWatchField(bundle.inputData?.watchField, (fresh) => loadCustomFields(z, bundle, { fresh }));
  const found = await searchNewestContacts(z, bundle, { sort: 'dateUpdated', filteredAfterSearch: Boolean(watch) });
  const contacts = await contactOutput(z, bundle, watch ? found : sampleLimit(bundle, found));
  if (!watch) return contacts.map((c) => ({ ...c, changeKey: changeKey(c) }));
  const changed = contacts.flatMap((c) => {
    const value = watch.read(c);
    if (value.comparable === undefined) return []; // an empty (or cleared) field is not a new value
    const key = changeKey(c, { key: watch.key, comparable: value.comparable });
    return [{ ...c, changeKey: key, watchedField: watch.key, watchedFieldLabel: watch.label, watchedValue: value.display }];
  });
  return sampleLimit(bundle, changed);
}) satisfies PollingTriggerPerform;

const outputFields: PlainOutputField[] = [
  ...contactOutputFields.map((f) => (f.key === 'id' ? { ...f, primary: true } : f)),
  { key: 'changeKey', label: 'Change Key (Date Updated, or Watched Field and Value)', primary: true },
  { key: 'watchedField', label: 'Watched Field Key' },
  { key: 'watchedFieldLabel', label: 'Watched Field' },
  { key: 'watchedValue', label: 'Watched Field New Value' },
];

export default defineTrigger({
  key: 'updated_contact' as const,
  noun: 'Contact',
  display: {
    label: 'Updated Contact',
    description:
      'Triggers when a contact is updated (once for each change), or, if you choose a field to watch, when that field gets a new value.',
  },
  operation: {
    type: 'polling',
    inputFields: [
      {
        key: 'watchField',
        label: 'Watch Field',
        type: 'string',
        required: false,
        dynamic: 'custom_field_list.id.name',
        helpText: watchedFieldHelp,
      },
    ],
    perform,
    sample: {
      ...contactSample,
      changeKey: 'email:9f86d081884c7d659a2feaa0',
      watchedField: 'email',
      watchedFieldLabel: 'Email',
      watchedValue: contactSample.email,
    },
    outputFields: [...outputFields, customFieldOutputFields],
  },
});
