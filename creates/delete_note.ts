/** Delete Note: DELETE /contacts/{contactId}/notes/{id} — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { deletedOutputFields } from '../lib/fields.js';
import { noteContactField, noteIdField, notePath, noteRef } from '../lib/notes.js';

const perform = (async (z, bundle) => {
  const { contactId, noteId } = noteRef(bundle);
  const data = await ghl<{ succeded?: boolean }>(z, { method: 'DELETE', path: notePath(contactId, noteId) });
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
      noteContactField(),
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
