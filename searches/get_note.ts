/**
 * Get Note: GET /contacts/{contactId}/notes/{id} — one request. HighLevel answers an unknown id with an error
 * (400/404 "… not found"), which here means "no result" ([]), not a failure.
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghlOrNone } from '../lib/client.js';
import { withoutSearch } from '../lib/fields.js';
import { noteContactField, noteFrom, noteIdField, noteOutputFields, notePath, noteRef, noteSample } from '../lib/notes.js';

const perform = (async (z, bundle) => {
  const { contactId, noteId } = noteRef(bundle);
  const data = await ghlOrNone<{ note?: Record<string, any> }>(z, { path: notePath(contactId, noteId) });
  return data?.note?.id ? [noteFrom(z, data, contactId, 'note lookup')] : [];
}) satisfies SearchPerform;

export default defineSearch({
  key: 'get_note' as const,
  noun: 'Note',
  display: { label: 'Get Note', description: 'Gets a note on a contact by its ID.' },
  operation: {
    inputFields: [
      noteContactField(),
      withoutSearch(
        noteIdField({
          helpText:
            'The note to get. Pick one (choose the contact first), or map the **Note ID** from an earlier step (for example the "New Note" trigger).',
        }),
      ),
    ],
    perform,
    sample: noteSample,
    outputFields: noteOutputFields,
  },
});
