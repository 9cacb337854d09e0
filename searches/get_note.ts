/**
 * Get Note: GET /contacts/{contactId}/notes/{id} — one request. HighLevel answers an unknown id with an error
 * (400/404 "… not found"), which here means "no result" ([]), not a failure.
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghlOrNone, ghlPath } from '../lib/client.js';
import { contactIdField, withoutSearch } from '../lib/fields.js';
import { noteFrom, noteIdField, noteOutputFields, noteSample } from '../lib/notes.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const noteId = requiredId(bundle.inputData.noteId, 'Note');
  const data = await ghlOrNone<{ note?: Record<string, any> }>(z, { path: ghlPath`/contacts/${contactId}/notes/${noteId}` });
  return data?.note?.id ? [noteFrom(z, data, contactId, 'note lookup')] : [];
}) satisfies SearchPerform;

export default defineSearch({
  key: 'get_note' as const,
  noun: 'Note',
  display: { label: 'Get Note', description: 'Gets a note on a contact by its ID.' },
  operation: {
    inputFields: [
      contactIdField({ helpText: 'The contact the note belongs to. Pick one, or map the **Contact ID** from an earlier step.' }),
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
