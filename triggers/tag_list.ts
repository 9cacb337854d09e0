/**
 * Hidden trigger behind every "Tags" dropdown: the sub-account's tags. The value is the tag NAME (id = name),
 * because HighLevel adds and removes contact tags by name. The endpoint returns all tags at once (no paging).
 */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { ghl, ghlPath, locationId } from '../lib/client.js';

const perform = (async (z, bundle) => {
  const data = await ghl<{ tags?: { id?: string; name?: string }[] }>(z, { path: ghlPath`/locations/${locationId(bundle)}/tags` });
  const seen = new Set<string>();
  return (data?.tags ?? [])
    .map((t) => String(t.name ?? '').trim())
    .filter((name) => name && !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()))
    .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }))
    .map((name) => ({ id: name, name }));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'tag_list' as const,
  noun: 'Tag',
  label: 'List Tags',
  when: 'a tag is added to the sub-account',
  perform,
});
