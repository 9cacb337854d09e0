/**
 * Hidden trigger behind every "Tags" dropdown: the sub-account's tags. The value is the tag NAME (id = name),
 * because HighLevel adds and removes contact tags by name. The endpoint returns all tags at once (no paging).
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
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

export default defineTrigger({
  key: 'tag_list' as const,
  noun: 'Tag',
  display: { label: 'List Tags', description: 'Triggers when a tag is added to the sub-account (used for dropdowns).', hidden: true },
  operation: { type: 'polling', perform },
});
