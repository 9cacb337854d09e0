/**
 * Hidden trigger for "watch a field" dropdowns: the standard contact fields, then the sub-account's contact custom
 * fields, each by KEY (`id` = `email`, `pincode`), so the choice survives copying a Zap to another sub-account.
 * 0–1 request (custom field definitions are cached 5 minutes).
 */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { STANDARD_CONTACT_FIELDS, loadCustomFields } from '../lib/contacts/index.js';

const perform = (async (z, bundle) => {
  const defs = await loadCustomFields(z, bundle);
  return [
    ...STANDARD_CONTACT_FIELDS.map((f) => ({ id: f.key, name: f.label })),
    ...defs.map((d) => ({ id: d.key, name: `${d.name} (custom field)` })),
  ];
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'custom_field_list' as const,
  noun: 'Contact Field',
  label: 'List Contact Fields',
  when: 'a contact custom field is added',
  perform,
});
