/**
 * New Note (Instant): HighLevel's `NoteCreate` through the webhook relay (lib/instant.ts), for the whole sub-account
 * or one contact — unlike the twin, which without a contact can only scan the 10 contacts updated last. The payload
 * lacks the note's title, author, color and pin, so each delivery reads the note: 1 request per event.
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { ghlOrNone, ghlPath } from '../lib/client.js';
import { contactIdField, withoutSearch } from '../lib/fields.js';
import { instantTrigger, recordOf } from '../lib/instant.js';
import { shapeNote } from '../lib/notes.js';
import twin from './new_note.js';

const chosenContact = (input: Record<string, unknown> | undefined) => String(input?.contactId ?? '').trim();

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'NoteCreate');
  if (!event?.id || !event.contactId) return [];
  const contactId = String(event.contactId);
  const wanted = chosenContact(bundle.inputData);
  if (wanted && wanted !== contactId) return [];
  const data = await ghlOrNone<{ note?: Record<string, any> }>(z, { path: ghlPath`/contacts/${contactId}/notes/${String(event.id)}` });
  return data?.note?.id ? [shapeNote(data.note, contactId)] : [];
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'new_note_instant',
  noun: 'Note',
  event: 'NoteCreate',
  when: 'a note is added to a contact (any contact of the sub-account, or one chosen contact)',
  perform,
  watch: (input) => {
    const contactId = chosenContact(input);
    return contactId ? { contactId } : undefined;
  },
  inputFields: [
    withoutSearch(
      contactIdField({
        required: false,
        helpText: 'Only notes on this contact. Leave empty for notes on every contact of the sub-account.',
      }),
    ),
  ],
});
