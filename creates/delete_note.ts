/** Delete Note: DELETE /contacts/{contactId}/notes/{id} — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl, ghlPath } from '../lib/client.js';
import { contactIdField, deletedOutputFields } from '../lib/fields.js';
import { noteIdField } from '../lib/notes.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const noteId = requiredId(bundle.inputData.noteId, 'Note');
  const data = await ghl<{ succeded?: boolean }>(z, { method: 'DELETE', path: ghlPath`/contacts/${contactId}/notes/${noteId}` });
  if (data?.succeded === false) {
    throw new z.errors.Error(
      `HighLevel did not delete note "${noteId}" (it answered "succeded": false). Check the note on the contact in HighLevel and run the step again.`,
      'not_deleted',
      200,
    );
  }
  return { id: noteId, contactId, deleted: true };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'delete_note' as const,
  noun: 'Note',
  display: { label: 'Delete Note', description: 'Deletes a note from a contact.' },
  operation: {
    inputFields: [
      contactIdField({ helpText: 'The contact the note belongs to. Pick one, or map the **Contact ID** from an earlier step.' }),
      noteIdField({
        helpText:
          'The note to delete (this cannot be undone). Pick one (choose the contact first), or map the **Note ID** from an earlier step.',
      }),
    ],
    perform,
    sample: { id: 'ocQHyuzHvysMo5N5VsXc', contactId: 'sx6wyHhbFdRXh302LLNR', deleted: true },
    outputFields: deletedOutputFields('Note ID'),
  },
});
