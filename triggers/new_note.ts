/**
 * New Note. HighLevel lists notes only per contact (no location-wide list, issue #173), so:
 *
 * - Contact chosen: GET /contacts/{id}/notes — 1 request per poll, complete for that contact.
 * - No contact: a bounded scan of the sub-account — POST /contacts/search for the SCAN_CONTACTS contacts updated
 *   most recently within the last LOOKBACK_MINUTES (dateUpdated desc), then GET /contacts/{id}/notes for each —
 *   at most 1 + SCAN_CONTACTS requests per poll (fewer when fewer contacts changed). Only notes added within the
 *   lookback count, so a contact updated for another reason does not replay its old notes.
 *   ASSUMPTION (not verifiable offline, not documented by HighLevel): adding a note updates the contact's
 *   `dateUpdated`. If it does not, the scan still sees notes on contacts that changed otherwise in the window
 *   (tags, fields, workflows), but misses notes on contacts that did not change. It also misses notes when more
 *   than SCAN_CONTACTS contacts change between two polls, or when polls are more than LOOKBACK_MINUTES apart.
 *
 * Deduplicated on the note id; newest first; at most 3 when loading a sample.
 */
import { defineTrigger, type PollingTriggerPerform, type ZObject } from 'zapier-platform-core';
import { ghl, ghlOrNone, ghlPath, locationId } from '../lib/client.js';
import { contactIdField, withoutSearch } from '../lib/fields.js';
import { listNotes, mapLimit, noteOutputFields, noteSample, shapeNote, type Note } from '../lib/notes.js';
import { newestFirst, sampleLimit } from '../lib/results.js';

/** Contacts scanned per poll when no contact is chosen (one notes request each). */
export const SCAN_CONTACTS = 10;
/** How far back the scan looks (contact dateUpdated and note dateAdded). Covers Zapier's 15-minute polling plus delays. */
export const LOOKBACK_MINUTES = 60;
/** Notes requests in flight at once (HighLevel allows 100 requests per 10 s per sub-account). */
const CONCURRENCY = 5;

/** One contact's notes during the scan; a contact deleted since the search counts as having none. */
async function notesOfScannedContact(z: ZObject, contactId: string): Promise<Note[]> {
  const notes = (await ghlOrNone<{ notes?: Record<string, any>[] }>(z, { path: ghlPath`/contacts/${contactId}/notes` }))?.notes ?? [];
  return notes.filter((n) => n?.id).map((n) => shapeNote(n, contactId));
}

async function scanRecentContacts(z: ZObject, bundle: { authData: any; meta?: any }): Promise<Note[]> {
  const sample = Boolean(bundle.meta?.isLoadingSample);
  const since = new Date(Date.now() - LOOKBACK_MINUTES * 60_000);
  const body: Record<string, unknown> = {
    locationId: locationId(bundle as any),
    pageLimit: SCAN_CONTACTS,
    sort: [{ field: 'dateUpdated', direction: 'desc' }],
  };
  // A sample shows real notes even when nothing changed lately; live polls look only at the recent window.
  if (!sample) body.filters = [{ field: 'dateUpdated', operator: 'range', value: { gte: since.toISOString() } }];
  const data = await ghl<{ contacts?: { id?: string }[] }>(z, { method: 'POST', path: '/contacts/search', body });
  const ids = [...new Set((data?.contacts ?? []).map((c) => c?.id).filter((id): id is string => Boolean(id)))].slice(0, SCAN_CONTACTS);
  const perContact = await mapLimit(ids, CONCURRENCY, (id) => notesOfScannedContact(z, id));
  const seen = new Set<string>();
  const notes = perContact.flat().filter((n) => !seen.has(n.id) && Boolean(seen.add(n.id)));
  const recent = sample ? notes : notes.filter((n) => !n.dateAdded || Date.parse(n.dateAdded) >= since.getTime());
  return newestFirst(recent, 'dateAdded');
}

const perform = (async (z, bundle) => {
  const contactId = String(bundle.inputData.contactId ?? '').trim();
  const notes = contactId ? await listNotes(z, contactId) : await scanRecentContacts(z, bundle);
  return sampleLimit(bundle, notes);
}) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'new_note' as const,
  noun: 'Note',
  display: {
    label: 'New Note',
    description: 'Triggers when a note is added to a contact (one chosen contact, or any recently updated contact).',
  },
  operation: {
    type: 'polling',
    inputFields: [
      withoutSearch(
        contactIdField({
          required: false,
          helpText:
            'Only notes on this contact (checked completely on every poll). Leave empty to watch the whole sub-account: each poll then checks the ' +
            `${SCAN_CONTACTS} most recently updated contacts of the last ${LOOKBACK_MINUTES} minutes, so a note on a contact that was not updated may be missed.`,
        }),
      ),
    ],
    perform,
    sample: noteSample,
    outputFields: noteOutputFields,
  },
});
