/** Create Note: POST /contacts/{contactId}/notes — one request; returns the whole note with its id and contact id. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl, ghlPath } from '../lib/client.js';
import { contactIdField } from '../lib/fields.js';
import { noteOutputFields, noteSample, noteBodyField, noteExtraFields, noteFrom, noteRequestBody } from '../lib/notes.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const body = noteRequestBody(bundle.inputData, 'create');
  const data = await ghl(z, { method: 'POST', path: ghlPath`/contacts/${contactId}/notes`, body });
  return noteFrom(z, data, contactId, 'note creation');
}) satisfies CreatePerform;

export default defineCreate({
  key: 'create_note' as const,
  noun: 'Note',
  display: { label: 'Create Note', description: 'Creates a note on a contact.' },
  operation: {
    inputFields: [
      contactIdField({
        helpText:
          'The contact to add the note to. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact" or "Create or Update Contact").',
      }),
      noteBodyField(),
      ...noteExtraFields('create'),
    ],
    perform,
    sample: noteSample,
    outputFields: noteOutputFields,
  },
});
