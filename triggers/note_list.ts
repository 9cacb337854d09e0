/**
 * Hidden trigger behind every "Note" dropdown: the notes of the contact chosen in the step's Contact field
 * (`bundle.inputData.contactId`), newest first, labelled by their first ~60 characters. One request; HighLevel
 * does not page notes, so there is no "Load more".
 */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { inputError } from '../lib/errors.js';
import { listNotes, noteLabel } from '../lib/notes.js';

const perform = (async (z, bundle) => {
  const contactId = String(bundle.inputData.contactId ?? '').trim();
  if (!contactId) throw inputError('Contact', 'must be chosen first: this list shows the notes of that contact.');
  const notes = await listNotes(z, contactId);
  return notes.map((note) => ({ id: note.id, label: noteLabel(note), dateAdded: note.dateAdded }));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'note_list' as const,
  noun: 'Note',
  label: 'List Notes',
  when: 'a note is added to the chosen contact',
  perform,
});
