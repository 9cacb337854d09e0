/**
 * Update Note: PUT /contacts/{contactId}/notes/{id} with only the fields given — one request. The spec's
 * `UpdateNoteDTO` requires nothing (not even `body`), so the current text is not fetched and re-sent.
 */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import {
  noteBodyField,
  noteContactField,
  noteExtraFields,
  noteFrom,
  noteIdField,
  noteOutputFields,
  notePath,
  noteRef,
  noteRequestBody,
  noteSample,
} from '../lib/notes.js';

const perform = (async (z, bundle) => {
  const { contactId, noteId } = noteRef(bundle);
  const body = noteRequestBody(bundle.inputData, 'update');
  const data = await ghl(z, { method: 'PUT', path: notePath(contactId, noteId), body });
  return noteFrom(z, data, contactId, 'note update');
}) satisfies CreatePerform;

export default defineCreate({
  key: 'update_note' as const,
  noun: 'Note',
  display: {
    label: 'Update Note',
    description: 'Updates the text, title, author, pin or color of a note on a contact; fields left empty keep their value.',
  },
  operation: {
    inputFields: [
      noteContactField(),
      noteIdField(),
      noteBodyField({
        required: false,
        helpText: 'The new text of the note; it replaces the current text. Leave empty to keep the current text.',
      }),
      ...noteExtraFields('update'),
    ],
    perform,
    sample: noteSample,
    outputFields: noteOutputFields,
  },
});
