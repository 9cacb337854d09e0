/**
 * The contact polling triggers (New Contact, Updated Contact, Tag Added to Contact): one contact search per poll.
 *
 * Why no time cursor and no overlap window: every poll returns the NEWEST page of up to 500 contacts by the sort
 * date (`dateAdded` or `dateUpdated`, descending) and lets Zapier's dedupe drop what it has already seen. So up to
 * 500 contacts added/changed between two polls all surface, and a contact the search index shows a few seconds late
 * (HighLevel's search is eventually consistent) still surfaces on the next poll, as long as fewer than 500 contacts
 * sort above it by then. Only more than 500 changes between two polls loses the oldest of them. Zapier processes
 * 100 new items per poll and HOLDS the rest for the user to release (flood protection), it does not drop them
 * (docs/contacts.md). When Zapier turns the Zap on (isPopulatingDedupe) the same 500 seed its dedupe table.
 *
 * Requests per poll: 1 (POST /contacts/search), plus GET /locations/{id}/customFields — cached 5 minutes by
 * loadCustomFields — when the contacts carry custom field values or a custom field is watched.
 */
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { searchContacts, type ContactSearch } from './api.js';
import { STANDARD_CONTACT_FIELDS, contactFieldValue } from './fields.js';
import type { CustomFieldDef } from './customFields.js';
import { inputError } from '../errors.js';
import { SAMPLE_SIZE, newestFirst } from '../results.js';

/** HighLevel's largest search page: the most a poll can see in one request. */
export const POLL_PAGE = 500;

export type SortField = 'dateAdded' | 'dateUpdated';
export type SearchFilter =
  | { field: string; operator: string; value?: unknown }
  | { group: 'AND' | 'OR'; filters: { field: string; operator: string; value?: unknown }[] };

export interface ContactPoll {
  /** The date the poll watches, newest first. */
  sort: SortField;
  /** Server-side filters (ANDed). */
  filters?: SearchFilter[];
  /**
   * The caller drops some contacts after the search (e.g. a watched field that is empty), so a 3-record sample
   * request could come back with nothing to show: ask for the full page then.
   */
  filteredAfterSearch?: boolean;
}

const isSample = (bundle: Bundle) => Boolean(bundle.meta?.isLoadingSample);

/**
 * The search of one poll (HighLevel's search doc; docs/contacts.md); `searchContacts` adds the
 * sub-account's `locationId`.
 */
export function pollSearch(bundle: Bundle, poll: ContactPoll): ContactSearch {
  return {
    pageLimit: isSample(bundle) && !poll.filteredAfterSearch ? SAMPLE_SIZE : POLL_PAGE,
    ...(poll.filters?.length ? { filters: poll.filters } : {}),
    sort: [{ field: poll.sort, direction: 'desc' }],
  };
}

/**
 * The one request of a poll: the newest contacts by `poll.sort`, newest first. The order is re-applied here (a
 * stable sort) so a trigger always returns newest first even if the index hands back ties or stragglers unordered.
 */
export async function searchNewestContacts(z: ZObject, bundle: Bundle, poll: ContactPoll): Promise<Record<string, any>[]> {
  const { contacts: found } = await searchContacts(z, bundle, pollSearch(bundle, poll));
  const contacts = Array.isArray(found) ? found.filter((c) => c && c.id) : [];
  return newestFirst(contacts, poll.sort);
}

// --- Tag Added to Contact ---

export const normalizeTag = (tag: unknown): string =>
  String(tag ?? '')
    .trim()
    .toLowerCase();

const TAG_HELP = 'The tag to watch. Pick a tag of this sub-account (Contacts → Tags) or type its name.';

/** The Tag field of Tag Added to Contact and its instant twin; `when` says when the Zap runs (they differ). */
export const tagWatchField = (when: string) =>
  ({ key: 'tag', label: 'Tag', type: 'string', required: true, dynamic: 'tag_list.name.name', helpText: `${TAG_HELP} ${when}` }) as const;

/** The tag a user picked or typed, checked before any request. */
export function tagInput(value: unknown): string {
  const tag = String(value ?? '').trim();
  if (!tag) throw inputError('Tag', 'must be the name of a tag, for example "vip". Pick one from the list or type it.');
  if (tag.length > 75) throw inputError('Tag', "must be at most 75 characters (the longest value HighLevel's contact search accepts).");
  return tag;
}

/**
 * Contacts that have the tag. HighLevel keeps tags in lower case; the typed spelling is also asked for in case an
 * account kept its case, and the result is checked again here, case-insensitively.
 */
export function tagFilters(tag: string): SearchFilter[] {
  const lower = normalizeTag(tag);
  return lower === tag
    ? [{ field: 'tags', operator: 'eq', value: tag }]
    : [
        {
          group: 'OR',
          filters: [
            { field: 'tags', operator: 'eq', value: lower },
            { field: 'tags', operator: 'eq', value: tag },
          ],
        },
      ];
}

export function hasTag(contact: Record<string, any>, tag: string): boolean {
  const want = normalizeTag(tag);
  const tags: unknown[] = Array.isArray(contact.tags) ? contact.tags : typeof contact.tags === 'string' ? contact.tags.split(',') : [];
  return tags.some((t) => normalizeTag(t) === want);
}

/**
 * The contacts having the tag, most recently updated first: Tag Added's one search (its poll, and the baseline its
 * instant twin gives the relay when it is turned on).
 */
export async function contactsWithTag(z: ZObject, bundle: Bundle, tag: string): Promise<Record<string, any>[]> {
  const found = await searchNewestContacts(z, bundle, { sort: 'dateUpdated', filters: tagFilters(tag) });
  return found.filter((contact) => hasTag(contact, tag));
}

// --- Updated Contact: watched field ---

const stable = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, stable((v as any)[k])]),
    );
  return v;
};

/**
 * A field value in a form that compares equal exactly when the value is the same: strings trimmed, lists
 * order-free (tags, multiple options), objects key-sorted. `undefined` for an empty value.
 */
export function comparableValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    const items = value
      .map((v) => (typeof v === 'string' ? v.trim() : JSON.stringify(stable(v))))
      .filter((v) => v !== '' && v !== undefined)
      .sort();
    return items.length ? JSON.stringify(items) : undefined;
  }
  if (typeof value === 'object') return Object.keys(value).length ? JSON.stringify(stable(value)) : undefined;
  return String(value);
}

/** The readable form of a watched value for the output (lists as comma-separated text). */
export function displayValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value ?? '');
}

/**
 * The dedupe half that changes with each change: `dateUpdated` without a watched field; with one, the field key
 * plus a digest of its value (a value can be long text, and the key must stay a short primitive).
 */
export function changeKey(contact: Record<string, any>, watch?: { key: string; comparable: string }): string {
  if (!watch) return String(contact.dateUpdated ?? contact.dateAdded ?? '');
  return `${watch.key}:${createHash('sha256').update(watch.comparable).digest('hex').slice(0, 24)}`;
}

export interface WatchedField {
  /** `email`, or a custom field key such as `pincode` */
  key: string;
  label: string;
  /** The field's value in a contact shaped by `contactOutput`. */
  read(contact: Record<string, any>): { comparable: string | undefined; display: string };
}

/** Loads the custom field definitions (lib/contacts/customFields.ts `loadCustomFields`); `fresh` bypasses its cache. */
type LoadDefinitions = (fresh: boolean) => Promise<CustomFieldDef[]>;

const bareKey = (key: string) =>
  key
    .trim()
    .replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1')
    .replace(/^contact\./i, '');

const watching = (key: string, label: string): WatchedField => ({
  key,
  label,
  read: (contact) => {
    const value = contactFieldValue(contact, key);
    return { comparable: comparableValue(value), display: displayValue(value) };
  },
});

/**
 * The field a Zap watches, from the "Watch Field" input (the `custom_field_list` dropdown gives keys): a standard
 * field key (no request), or a custom field by key (`pincode`, `contact.pincode`), id or name, looked up in the
 * sub-account's definitions. Unknown → input error, before the search is sent. `undefined` when none is watched.
 */
export async function resolveWatchField(input: unknown, loadDefinitions: LoadDefinitions): Promise<WatchedField | undefined> {
  const raw = String(input ?? '').trim();
  if (!raw) return undefined;
  const wanted = bareKey(raw).toLowerCase();
  const standard = STANDARD_CONTACT_FIELDS.find((f) => f.key.toLowerCase() === wanted);
  if (standard) return watching(standard.key, standard.label);
  const find = (defs: CustomFieldDef[]) =>
    defs.find((d) => d.key.toLowerCase() === wanted) ??
    defs.find((d) => d.id === raw) ??
    defs.find((d) => d.name.trim().toLowerCase() === raw.toLowerCase());
  // A field created in HighLevel a moment ago may be missing from the cached definitions: ask once more, fresh.
  const def = find(await loadDefinitions(false)) ?? find(await loadDefinitions(true));
  if (!def) {
    throw inputError(
      'Watch Field',
      `must be a contact field of this sub-account: pick one from the list, or type a field key such as "email" or a custom field key such as "pincode". "${raw.slice(0, 60)}" is neither a standard field nor a custom field here.`,
    );
  }
  return watching(def.key, def.name || def.key);
}

export const watchedFieldHelp =
  'Optional. Leave empty to run the Zap on every change to a contact. Or pick one field — standard (such as Email, Phone, Tags) or a custom field — ' +
  'to run the Zap only when that field gets a value it did not have before (set for the first time, or changed). ' +
  '"Before" means: values this Zap has already seen. When you turn the Zap on it records the current value for the 500 most recently updated contacts; ' +
  'an older contact that already has a value runs the Zap once, the next time it is updated. ' +
  'Clearing the field, or changing it back to a value the Zap already saw for that contact, does not run the Zap.';
