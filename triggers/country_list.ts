/** Hidden trigger behind the contact "Country" dropdown: ISO 3166-1 alpha-2 codes with English names. No request. */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { countries } from '../lib/contacts/index.js';

const perform = (async () => countries().map((c) => ({ id: c.code, name: `${c.name} (${c.code})` }))) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'country_list' as const,
  noun: 'Country',
  label: 'List Countries',
  when: 'a country is listed',
  perform,
});
