/**
 * Find Note: GET /contacts/{contactId}/notes (one request; HighLevel cannot search notes, so the text is matched
 * here), case-insensitively in the body and title, newest first. Without text: all the contact's notes, newest
 * first — so the step also answers "the latest note of this contact".
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { contactIdField } from '../lib/fields.js';
import { noteOutputFields, noteSample, listNotes, noteMatches } from '../lib/notes.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const query = String(bundle.inputData.query ?? '').trim();
  const notes = await listNotes(z, contactId);
  return query ? notes.filter((note) => noteMatches(note, query)) : notes;
}) satisfies SearchPerform;

export default defineSearch({
  key: 'find_note' as const,
  noun: 'Note',
  display: { label: 'Find Note', description: 'Finds the newest note on a contact that contains some text.' },
  operation: {
    inputFields: [
      contactIdField({
        helpText:
          'The contact whose notes to search. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact").',
      }),
      {
        key: 'query',
        label: 'Search Text',
        type: 'string',
        required: false,
        helpText:
          "Text the note contains, in its body or title (upper/lower case does not matter), e.g. `renewal`. Leave empty to get the contact's newest note.",
      },
    ],
    perform,
    sample: noteSample,
    outputFields: noteOutputFields,
  },
});
