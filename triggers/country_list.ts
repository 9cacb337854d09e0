/** Hidden trigger behind the contact "Country" dropdown: ISO 3166-1 alpha-2 codes with English names. No request. */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { countries } from '../lib/contacts/index.js';

const perform = (async () => countries().map((c) => ({ id: c.code, name: `${c.name} (${c.code})` }))) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'country_list' as const,
  noun: 'Country',
  display: { label: 'List Countries', description: 'Triggers when a country is listed (used for dropdowns).', hidden: true },
  operation: { type: 'polling', perform },
});
