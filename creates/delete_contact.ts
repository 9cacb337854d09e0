/** Delete Contact: DELETE /contacts/{id}. 1 request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl, ghlPath } from '../lib/client.js';
import { contactIdField, deletedOutputFields } from '../lib/fields.js';
import { requiredId } from '../lib/inputs.js';

const inputFields = [
  contactIdField({
    helpText: 'The contact to delete for good (HighLevel cannot undo it). Pick one, or map the **Contact ID** from an earlier step.',
  }),
];

const perform = (async (z, bundle) => {
  const id = requiredId(bundle.inputData.contactId, 'Contact');
  const data = await ghl<{ succeded?: boolean; succeeded?: boolean }>(z, { method: 'DELETE', path: ghlPath`/contacts/${id}` });
  return { id, deleted: data?.succeded ?? data?.succeeded ?? true };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'delete_contact' as const,
  noun: 'Contact',
  display: { label: 'Delete Contact', description: 'Deletes a contact from the HighLevel sub-account.' },
  operation: {
    inputFields,
    perform,
    sample: { id: 'seD4PfOuKoVMLkEZqohJ', deleted: true },
    outputFields: deletedOutputFields('Contact ID', false),
  },
});
